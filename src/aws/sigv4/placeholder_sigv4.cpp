// placeholder so the layer library links; replaced as it fills in
