[ ./foo/ ./ok ]
