// The generated NixOS module the language-server benchmarks type into.

/** A realistic 10 000-line NixOS module: many services, packages, users and let-bound helpers. */
export function bigConfiguration(lines = 10_000): string {
  const out = ['{ config, pkgs, lib, ... }:', '', 'let', '  inherit (lib) mkIf mkDefault;'];
  let i = 0;
  const body: string[] = [];
  while (out.length + body.length < lines - 6) {
    out.push(`  port${i} = ${1000 + i};`, `  name${i} = "service-${i}";`);
    body.push(
      `  # Service number ${i}, with its own user and firewall port.`,
      `  services.app${i} = {`,
      `    enable = mkDefault true;`,
      `    port = port${i};`,
      `    description = "\${name${i}} on port \${toString port${i}}";`,
      `    settings = { workers = ${(i % 8) + 1}; log.level = "info"; };`,
      `  };`,
      `  users.users.app${i} = { isSystemUser = true; group = "app${i}"; };`,
      `  systemd.services.app${i}.wantedBy = mkIf config.services.app${i}.enable [ "multi-user.target" ];`,
      `  environment.etc."app${i}.conf".text = with pkgs; "\${hello}/bin/hello --port \${toString port${i}}";`,
      '',
    );
    i++;
  }
  return [...out, 'in', '{', ...body, '}', ''].join('\n');
}
