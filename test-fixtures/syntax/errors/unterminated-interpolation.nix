"abc ${x
