a { b = 1 }
c "l" x {}
d {
}
