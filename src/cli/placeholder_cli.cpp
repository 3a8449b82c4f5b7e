// placeholder so the layer library links; replaced as the layer fills in
