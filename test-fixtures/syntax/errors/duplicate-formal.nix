{ a, b ? 1, a }: a
