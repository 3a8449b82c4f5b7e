# Each local doubles the one before: 2^40 elements, or 2^41 bytes of text, if nothing stopped it.
locals {
  l0 = [1]
  s0 = "ab"
  l1 = concat(local.l0, local.l0)
  s1 = join("", [local.s0, local.s0])
  l2 = concat(local.l1, local.l1)
  s2 = join("", [local.s1, local.s1])
  l3 = concat(local.l2, local.l2)
  s3 = join("", [local.s2, local.s2])
  l4 = concat(local.l3, local.l3)
  s4 = join("", [local.s3, local.s3])
  l5 = concat(local.l4, local.l4)
  s5 = join("", [local.s4, local.s4])
  l6 = concat(local.l5, local.l5)
  s6 = join("", [local.s5, local.s5])
  l7 = concat(local.l6, local.l6)
  s7 = join("", [local.s6, local.s6])
  l8 = concat(local.l7, local.l7)
  s8 = join("", [local.s7, local.s7])
  l9 = concat(local.l8, local.l8)
  s9 = join("", [local.s8, local.s8])
  l10 = concat(local.l9, local.l9)
  s10 = join("", [local.s9, local.s9])
  l11 = concat(local.l10, local.l10)
  s11 = join("", [local.s10, local.s10])
  l12 = concat(local.l11, local.l11)
  s12 = join("", [local.s11, local.s11])
  l13 = concat(local.l12, local.l12)
  s13 = join("", [local.s12, local.s12])
  l14 = concat(local.l13, local.l13)
  s14 = join("", [local.s13, local.s13])
  l15 = concat(local.l14, local.l14)
  s15 = join("", [local.s14, local.s14])
  l16 = concat(local.l15, local.l15)
  s16 = join("", [local.s15, local.s15])
  l17 = concat(local.l16, local.l16)
  s17 = join("", [local.s16, local.s16])
  l18 = concat(local.l17, local.l17)
  s18 = join("", [local.s17, local.s17])
  l19 = concat(local.l18, local.l18)
  s19 = join("", [local.s18, local.s18])
  l20 = concat(local.l19, local.l19)
  s20 = join("", [local.s19, local.s19])
  l21 = concat(local.l20, local.l20)
  s21 = join("", [local.s20, local.s20])
  l22 = concat(local.l21, local.l21)
  s22 = join("", [local.s21, local.s21])
  l23 = concat(local.l22, local.l22)
  s23 = join("", [local.s22, local.s22])
  l24 = concat(local.l23, local.l23)
  s24 = join("", [local.s23, local.s23])
  l25 = concat(local.l24, local.l24)
  s25 = join("", [local.s24, local.s24])
  l26 = concat(local.l25, local.l25)
  s26 = join("", [local.s25, local.s25])
  l27 = concat(local.l26, local.l26)
  s27 = join("", [local.s26, local.s26])
  l28 = concat(local.l27, local.l27)
  s28 = join("", [local.s27, local.s27])
  l29 = concat(local.l28, local.l28)
  s29 = join("", [local.s28, local.s28])
  l30 = concat(local.l29, local.l29)
  s30 = join("", [local.s29, local.s29])
  l31 = concat(local.l30, local.l30)
  s31 = join("", [local.s30, local.s30])
  l32 = concat(local.l31, local.l31)
  s32 = join("", [local.s31, local.s31])
  l33 = concat(local.l32, local.l32)
  s33 = join("", [local.s32, local.s32])
  l34 = concat(local.l33, local.l33)
  s34 = join("", [local.s33, local.s33])
  l35 = concat(local.l34, local.l34)
  s35 = join("", [local.s34, local.s34])
  l36 = concat(local.l35, local.l35)
  s36 = join("", [local.s35, local.s35])
  l37 = concat(local.l36, local.l36)
  s37 = join("", [local.s36, local.s36])
  l38 = concat(local.l37, local.l37)
  s38 = join("", [local.s37, local.s37])
  l39 = concat(local.l38, local.l38)
  s39 = join("", [local.s38, local.s38])
  l40 = concat(local.l39, local.l39)
  s40 = join("", [local.s39, local.s39])
}

resource "aws_lambda_function" "list" {
  tracing_config {
    mode = length(local.l40) > 0 ? "Active" : "PassThrough"
  }
}

resource "aws_lambda_function" "text" {
  tracing_config {
    mode = length(local.s40) > 0 ? "Active" : "PassThrough"
  }
}

resource "aws_lambda_function" "plain" {
  tracing_config {
    mode = "Active"
  }
}
