// Network settings read from the values in the words: an interface's static address or wake on
// LAN ("static ip 192.168.1.10 on eth0"), a host name for an address ("add 192.168.1.20 nas to the
// hosts file"), the machine's DNS domain ("set the domain name to home.lan"), an interface the
// firewall trusts ("trust docker0 in the firewall"). Each option is the index's: a rule whose
// option the index lacks reads nothing.
import type { Change } from './model.js';
import { domainName, interfaceName, ipv4s, nixString } from './values.js';
import { has, intent, off, type Context, type Reading } from './reading.js';
import type { Clause } from './words.js';

const known = (ctx: Context, path: string) => ctx.index.option(path.split('.')) !== undefined || ctx.index.isOptionPrefix(path.split('.'));

/**
 * The interface the words name: a kernel name ("eth0"), or "the tailscale interface": the name
 * the service's own option gives it when the index has one (`services.tailscale.interfaceName`),
 * else the name the program gives its first interface (NAME0), said in a note.
 */
function namedInterface(c: Clause, ctx: Context): { name: string; note?: string } | undefined {
  const kernel = interfaceName(c.text);
  if (kernel) return { name: kernel };
  const m = /\b(?:the\s+)?([a-z][a-z0-9-]*)\s+(?:network\s+)?(?:interface|device|bridge|nic)\b/.exec(c.text);
  const owner = m?.[1];
  if (!owner || /^(?:network|the|this|that|my|wireless|wired|ethernet|lan|wifi|main|virtual)$/.test(owner)) return undefined;
  const own = ctx.index.option(['services', owner, 'interfaceName']) ?? ctx.index.option(['virtualisation', owner, 'interfaceName']);
  const byOption = own?.default ? /^"([\w.-]+)"$/.exec(own.default)?.[1] : undefined;
  if (byOption) return { name: byOption, note: `${byOption} is the interface ${own!.path.join('.')} names.` };
  // Only for a program the index knows runs one (a service or virtualisation option by that name).
  if (!ctx.index.isOptionPrefix(['services', owner]) && !ctx.index.isOptionPrefix(['virtualisation', owner])) return undefined;
  return { name: `${owner}0`, note: `${owner}0 is the interface ${owner} makes by default; say its name if yours differs.` };
}

/** "trust docker0 in the firewall", "trust the tailscale interface": traffic on it passes unfiltered. */
export function trustedInterfaceRule(c: Clause, ctx: Context): Reading | undefined {
  if (!has(c, /\b(?:trust|trusted|trusts|untrust|distrust)\b/) || !known(ctx, 'networking.firewall.trustedInterfaces')) return undefined;
  const i = namedInterface(c, ctx);
  if (!i) return undefined;
  const no = off(c) || has(c, /\b(?:untrust|distrust|no longer trust|stop trusting)\b/);
  const items = [{ text: nixString(i.name) }];
  return intent(c, 'firewall', `${no ? 'stop trusting' : 'trust'} the interface ${i.name} in the firewall`, [{ kind: no ? 'listRemove' : 'listAdd', path: ['networking', 'firewall', 'trustedInterfaces'], items }], 1, [
    ...(no ? [] : [`Everything arriving on ${i.name} passes the firewall unfiltered.`]),
    ...(i.note ? [i.note] : []),
  ]);
}

/**
 * "static ip 192.168.1.10 on eth0", "give enp3s0 the address 10.0.0.5/16": the interface's
 * address list. A prefix not written is 24, what home networks use; said in a note.
 */
export function staticAddressRule(c: Clause, ctx: Context): Reading | undefined {
  if (!has(c, /\b(?:static|fixed|ip|ipv4|address|addresses)\b/) || has(c, /\b(?:dns|nameservers?|hosts?|gateway|route|firewall|trust|ssh|listen)\b/)) return undefined;
  const ips = ipv4s(c.text);
  const i = interfaceName(c.text);
  if (ips.length !== 1 || !i || !known(ctx, `networking.interfaces.${i}.ipv4.addresses`)) return undefined;
  const { address, prefix } = ips[0]!;
  const path = ['networking', 'interfaces', i, 'ipv4', 'addresses'];
  if (off(c)) return intent(c, 'service', `remove the address ${address} from ${i}`, [{ kind: 'listRemove', path, items: [{ text: `{ address = ${nixString(address)}; prefixLength = ${prefix ?? 24}; }` }] }]);
  const len = prefix ?? 24;
  return intent(c, 'service', `give ${i} the static address ${address}/${len}`, [{ kind: 'set', path, value: { text: `[ { address = ${nixString(address)}; prefixLength = ${len}; } ]` } }], 1, prefix === undefined ? [`Prefix length 24 (a 255.255.255.0 netmask), what home networks use; write ${address}/NN for another.`] : []);
}

/** "enable wake on lan for eth0": the card wakes the machine on a magic packet. */
export function wakeOnLanRule(c: Clause, ctx: Context): Reading | undefined {
  if (!has(c, /\bwake[- ]?on[- ]?lan\b|\bwol\b/)) return undefined;
  const i = interfaceName(c.text);
  const no = off(c);
  if (!i) return intent(c, 'hardware', 'wake on LAN', [], 0, ['Which network interface? Say its name, such as "enable wake on lan for eth0" (`ip link` lists them).']);
  const path = `networking.interfaces.${i}.wakeOnLan.enable`;
  if (!known(ctx, path)) return undefined;
  return intent(c, 'hardware', `${no ? 'stop waking' : 'wake'} the machine by a magic packet on ${i}`, [{ kind: 'set', path: path.split('.'), value: { text: String(!no) } }]);
}

/** "add 192.168.1.20 nas to the hosts file", "nas is 192.168.1.20 in /etc/hosts": a line of /etc/hosts. */
export function hostsEntryRule(c: Clause, ctx: Context): Reading | undefined {
  if (!has(c, /(?:\bhosts? file\b|\/etc\/hosts\b|\bhosts entry\b|\bhosts entries\b|\betc hosts\b)/) || !known(ctx, 'networking.extraHosts')) return undefined;
  const ips = ipv4s(c.text);
  if (ips.length !== 1) return undefined;
  const ip = ips[0]!.address;
  // The names beside the address: words that are host names, not the words around them.
  const words = c.text.replace(/(?:\bhosts? file\b|\/etc\/hosts\b|\bhosts entry\b|\bhosts entries\b|\betc hosts\b)/g, ' ').replace(ip, ' ').split(/[\s,]+/);
  const names = words.filter((w) => /^[a-z0-9](?:[a-z0-9.-]*[a-z0-9])?$/.test(w) && !/^\d+$/.test(w) && !HOST_FILLER.has(w));
  if (names.length === 0 || names.length > 3) return undefined;
  const line = `${ip} ${names.join(' ')}`;
  if (off(c)) return undefined;
  // Lines already there are kept by hand: setting the option again would replace them.
  if (ctx.present.value('networking.extraHosts') !== undefined) return intent(c, 'service', `add "${line}" to /etc/hosts`, [], 0, [`networking.extraHosts is set already: add the line "${line}" to it.`]);
  const change: Change = { kind: 'set', path: ['networking', 'extraHosts'], value: { text: nixString(line) } };
  return intent(c, 'service', `name ${ip} "${names.join('", "')}" in /etc/hosts`, [change]);
}

const HOST_FILLER = new Set(['add', 'put', 'to', 'the', 'my', 'in', 'into', 'as', 'is', 'at', 'for', 'a', 'an', 'entry', 'with', 'name', 'named', 'called', 'host', 'make', 'point', 'points', 'resolve', 'resolves', 'so', 'that', 'set', 'file', 'hosts', 'and', 'of']);

/** "set the domain name to home.lan", "this machine is in the example.com domain". */
export function domainRule(c: Clause, ctx: Context): Reading | undefined {
  if (!has(c, /\b(?:domain|domain name|dns domain|domainname)\b/) || has(c, /\b(?:search|acme|certificate|cert|nginx|grafana|virtual ?host|email|mail|samba|ad|active directory)\b/) || !known(ctx, 'networking.domain')) return undefined;
  const d = domainName(c.text.replace(/\b(?:domain name|domain)\b/g, ' '));
  if (off(c) && !d) return intent(c, 'hostname', 'set no DNS domain', [{ kind: 'unset', path: ['networking', 'domain'] }]);
  if (!d) return undefined;
  return intent(c, 'hostname', `put this machine in the DNS domain ${d}`, [{ kind: 'set', path: ['networking', 'domain'], value: { text: nixString(d) } }]);
}
