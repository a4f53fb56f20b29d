// A user's other attributes in plain words (full name, uid, home, initial password, own
// packages, a system user, a group's gid), who may log in over SSH, Nix's trusted users, and
// sentences that name several users at once ("add bob and carol to a new group family", "add
// users anna and ben, both in wheel"), read as one clause per user before the request is split.
import { bool, findFeature, GROUP_WORDS, SHELLS, SHELL_PROGRAMS } from './families.js';
import type { Change } from './model.js';
import { intent, type Context, type Frame, type Reading } from './reading.js';
import type { Clause } from './words.js';
import { nearestPackageNames, searchPackages } from './lookup.js';
import { FUNCTION_WORDS, PLAIN_WORDS } from './phrasing.js';

// A user name, not a word that stands where one might ("a user account for my sister").
export const USER = '(?!(?:my|me|our|your|his|her|their|the|a|an|this|that|someone|somebody|it|them|him|new|for|with|to|account|accounts|user|users|called|named|only|and|or|group|groups|i|we|you|us|everyone|everybody|nobody)\\b)([a-z_][a-z0-9_-]{0,31})';

// The rules' regular expressions are built from USER once, not per request.
const compiled = new Map<string, RegExp>();
export const re = (source: string, flags = ''): RegExp => {
  let r = compiled.get(source + flags);
  if (!r) compiled.set(source + flags, (r = new RegExp(source, flags)));
  return r;
};

/** A Nix string literal: `${` would start an interpolation. */
const nixString = (s: string) => JSON.stringify(s).replace(/\$\{/g, '\\${');

// ------------------------------------------------------------------ whole sentences

// Names side by side: "bob and carol", "anna, ben and tim" (the separator words kept for splitting).
const NAMES = `${USER.replace('([a-z_]', '(?:[a-z_]')}(?:(?:\\s*,\\s*(?:and\\s+)?|\\s+(?:and|&)\\s+)${USER.replace('([a-z_]', '(?:[a-z_]')})+`;
const namesOf = (s: string) => s.split(/\s*(?:,|\band\b|&)\s*/).map((x) => x.trim()).filter(Boolean);
// Packages side by side: "gimp and krita", "firefox, thunderbird and vlc".
const ITEMS = '[a-z0-9][a-z0-9._+-]*(?:(?:\\s*,\\s*(?:and\\s+)?|\\s+and\\s+)[a-z0-9][a-z0-9._+-]*)*';

/**
 * A request that names several users, groups or packages for one thing, said as one clause per
 * thing so the splitting at "and" keeps who goes with what. Only the shapes below change; the
 * rest of the text is left as written.
 */
export function usersSentence(text: string): string {
  let t = text;
  // "add bob and carol to a new group called family": the group, then each of them in it.
  t = t.replace(re(`\\b(?:add|put)\\s+(${NAMES})\\s+(?:to|into|in)\\s+(a\\s+(?:new\\s+)?|the\\s+new\\s+|new\\s+)?group\\s+(?:called\\s+|named\\s+)?${USER}\\b`, 'gi'), (_m, names: string, fresh: string | undefined, g: string) =>
    [...(fresh ? [`create the group ${g}`] : []), ...namesOf(names).map((n) => `add ${n} to the ${g} group`)].join(' , '),
  );
  // "i need a group gamers with bob and carol": the same, the group named first.
  t = t.replace(re(`\\b(?:i need|i want|we need|create|make|add|set up|get)\\s+(?:a\\s+|the\\s+)?(?:new\\s+)?group\\s+(?:called\\s+|named\\s+)?${USER}\\s+(?:with|for|containing)\\s+(${NAMES}|${USER})(?=\\s*(?:$|[,.;!?]))`, 'gi'), (_m, g: string, names: string) =>
    [`create the group ${g}`, ...namesOf(names).map((n) => `add ${n} to the ${g} group`)].join(' , '),
  );
  // "add users anna and ben, both in wheel": each user, each in the group.
  t = t.replace(re(`\\b(add|create)\\s+(?:the\\s+)?(?:new\\s+)?(?:users|accounts)\\s+(${NAMES}),?\\s+(?:both|all|each)\\s+(?:in|into|to)\\s+(?:the\\s+)?${USER}(?:\\s+groups?)?\\b`, 'gi'), (_m, v: string, names: string, g: string) =>
    namesOf(names).map((n) => `${v} user ${n} , add ${n} to the ${g} group`).join(' , '),
  );
  // "add bob and carol to docker": each of them in the group (a group word or a group said as one).
  t = t.replace(re(`\\b(add|put)\\s+(${NAMES})\\s+(to|into|in)\\s+(?:the\\s+)?([a-z_][a-z0-9_-]*)(\\s+groups?)?(?=\\s*(?:$|[,.;!?]|\\band\\b))`, 'gi'), (m, v: string, names: string, p: string, g: string, said: string | undefined) =>
    GROUP_WORDS[g.toLowerCase()] || said ? namesOf(names).map((n) => `${v} ${n} ${p} the ${g} group`).join(' , ') : m,
  );
  // "add user sam to video and audio groups": one group each, so the second is not read alone.
  t = t.replace(re(`\\b(to|into|in)\\s+(?:the\\s+)?([a-z_][a-z0-9_-]*)(?:,\\s*|\\s+)(?:and\\s+|&\\s+)([a-z_][a-z0-9_-]*)\\s+groups\\b`, 'gi'), (_m, p: string, a: string, b: string) => `${p} the ${a} group and the ${b} group`);
  // "only admin and deploy may log in (over ssh)": who may log in is one list.
  t = t.replace(re(`\\bonly\\s+((?:allow|let|permit)\\s+)?(${NAMES})(?=\\s+(?:to\\s+|may\\s+|can\\s+|should\\s+|are\\s+allowed\\s+to\\s+)?(?:log\\s?in|login|connect|ssh)\\b)`, 'gi'), (_m, v: string | undefined, names: string) => `only ${v ?? ''}${namesOf(names).join('+')}`);
  // "make bob and carol trusted users": one list, written once.
  t = t.replace(re(`\\b(make|let|add|put)\\s+(${NAMES})\\s+(?=(?:be\\s+)?(?:an?\\s+)?(?:(?:to|in|into)\\s+(?:the\\s+)?(?:nix(?:'s)?\\s+)?)?trusted\\b)`, 'gi'), (_m, v: string, names: string) => `${v} ${namesOf(names).join('+')} `);
  // "bob gets his own packages: gimp and krita", "dana should have firefox and thunderbird just for her".
  t = t.replace(
    re(`\\b${USER}\\s+(?:gets|should get|should have|needs|wants|will have|can have|may have|has)\\s+(?:(?:his|her|their)\\s+own\\s+(?:packages|apps|programs|software)\\s*:?\\s*)(${ITEMS})(?:\\s+(?:just|only)\\s+for\\s+(?:him|her|them|himself|herself|themselves|[a-z_][a-z0-9_-]*))?(?=\\s*(?:$|[.;!?]))`, 'gi'),
    (_m, u: string, items: string) => namesOf(items).map((p) => `install ${p} only for ${u}`).join(' , '),
  );
  t = t.replace(
    re(`\\b${USER}\\s+(?:gets|should get|should have|needs|wants|will have|can have|may have)\\s+(${ITEMS})\\s+(?:just|only)\\s+for\\s+(?:him|her|them|himself|herself|themselves|[a-z_][a-z0-9_-]*)(?=\\s*(?:$|[.;!?]))`, 'gi'),
    (_m, u: string, items: string) => namesOf(items).map((p) => `install ${p} only for ${u}`).join(' , '),
  );
  t = t.replace(re(`\\b(install|add|get)\\s+(${ITEMS})\\s+(?:just|only)\\s+for\\s+${USER}(?=\\s*(?:$|[.;!?]))`, 'gi'), (m, v: string, items: string, u: string) =>
    namesOf(items).length > 1 ? namesOf(items).map((p) => `${v} ${p} only for ${u}`).join(' , ') : m,
  );
  // "set up docker so alice can use it without sudo": who is to use it is a clause of its own.
  t = t.replace(re(`\\s+so\\s+(?:that\\s+)?${USER}\\s+(can|could|may|is able to)\\s+use\\s+(it|them)(?:\\s+without\\s+(?:sudo|root|being root|a password))?\\b`, 'gi'), (_m, u: string, can: string, it: string) => ` , ${u} ${can} use ${it}`);
  return t;
}

// ------------------------------------------------------------------ clauses

/** The words as the person wrote them (case kept), for values such as a full name or a password. */
function asWritten(ctx: Context, value: string): string {
  const said = ctx.said ?? '';
  const k = said.toLowerCase().indexOf(value);
  return k >= 0 ? said.slice(k, k + value.length) : value;
}

/** A user the configuration has, or the one this request just created or named. */
export const isKnownUser = (ctx: Context, u: string) => ctx.present.normalUsers().includes(u) || ctx.lastUser === u;

// Groups NixOS's programs ask their users to join, by the program's name.
const PROGRAM_GROUPS: Record<string, string> = { adb: 'adbusers', wireshark: 'wireshark', virtualbox: 'vboxusers', gamemode: 'gamemode', corectrl: 'corectrl' };

const groupOf = (words: string): string | undefined => {
  const f = findFeature(words);
  return GROUP_WORDS[words] ?? PROGRAM_GROUPS[words] ?? f?.words.map((w) => GROUP_WORDS[w]).find(Boolean);
};

/**
 * Rules read before the others: who may log in over SSH (before SSH hardening), Nix's trusted
 * users, a user's full name, uid, home, initial password and own packages, a system user, a
 * group's gid, a group for one user, another shell.
 */
export function userAttrsRule(c: Clause, ctx: Context): Reading | undefined {
  if (c.negated && !/\bnot use\b/.test(c.text)) return undefined;
  const t = c.text.replace(/^(?:can|could|should)\s+(?=\S+'s\s)/, '');
  return allowUsers(t, c) ?? trustedUsers(t, c, ctx) ?? attribute(t, c, ctx) ?? ownPackages(c, ctx) ?? systemUser(c) ?? groupWithGid(c) ?? groupFor(c) ?? otherShell(t, c, ctx) ?? notRoot(t, c, ctx) ?? usesIt(t, c, ctx) ?? runs(t, c) ?? subjectless(t, c, ctx) ?? meInGroup(t, c, ctx) ?? leaves(t, c, ctx) ?? addPerson(c, ctx);
}

function allowUsers(t: string, c: Clause): Reading | undefined {
  const L = '([a-z_][a-z0-9_-]*(?:\\+[a-z_][a-z0-9_-]*)*)';
  const SSH = '(?:ssh|openssh|sshd)';
  const m =
    re(`^(?:${SSH}\\s*:?\\s*)?(?:allow\\s+|let\\s+|permit\\s+)?only\\s+(?:allow\\s+|let\\s+|permit\\s+)?${L}\\s+(?:to\\s+)?(?:(?:may|can|should|are allowed to|is allowed to|be allowed to)\\s+)?(?:log\\s?in|login|connect|ssh in|ssh|use ${SSH})(?:\\s+(?:with|via|over|through|by|using|to|into|on)\\s+(?:${SSH}|the server|this machine))?$`).exec(t) ??
    re(`^(?:allow|let|permit)\\s+(?:${SSH}\\s+)?(?:logins?\\s+)?(?:only\\s+)?(?:for|from|to)\\s+(?:only\\s+)?${L}(?:\\s+only)?(?:\\s+(?:with|via|over|on)\\s+${SSH})?$`).exec(t);
  if (!m || !(re(SSH).test(t) || /^(?:ssh|openssh|sshd)\b/.test(c.text))) return undefined;
  const users = m[1]!.split('+');
  // "only keys may log in": how, not who.
  if (users.some((u) => /^(?:keys?|passwords?|pubkeys?|certificates?|certs?|public|private|people|local|lan|root logins?)$/.test(u))) return undefined;
  const r = intent(c, 'ssh', `let only ${users.join(', ')} log in over SSH`, [{ kind: 'set', path: ['services', 'openssh', 'settings', 'AllowUsers'], value: { text: `[ ${users.map((u) => JSON.stringify(u)).join(' ')} ]` } }]);
  r.intent.notes.push('Every other account, root too, is refused by the SSH server (AllowUsers).');
  return r;
}

function trustedUsers(t: string, c: Clause, ctx: Context): Reading | undefined {
  // USER, and more names joined by "+" (usersSentence joins "bob and carol" so).
  const USERS = `${USER.slice(0, -1)}(?:\\+[a-z_][a-z0-9_-]*)*)`;
  const m =
    re(`^(?:make|let|set)\\s+${USERS}\\s+(?:be\\s+)?(?:an?\\s+)?trusted(?:\\s+nix)?\\s+users?(?:\\s+(?:for|of|in|by)\\s+nix)?$`).exec(t) ??
    re(`^(?:add|put)\\s+${USERS}\\s+(?:to|in|into)\\s+(?:the\\s+)?(?:nix(?:'s)?\\s+)?trusted(?:-|\\s+)users(?:\\s+(?:of|for|in)\\s+nix)?$`).exec(t) ??
    re(`^${USER}\\s+(?:should|must|needs to|has to|will)\\s+be\\s+(?:an?\\s+)?trusted(?:\\s+nix)?\\s+user(?:\\s+(?:for|of|in|by)\\s+nix)?$`).exec(t) ??
    re(`^trust\\s+${USER}\\s+(?:in|for|with)\\s+nix$`).exec(t);
  if (!m) return undefined;
  const names = m[1]!.split('+');
  const u = names.join(', ');
  const path = ['nix', 'settings', 'trusted-users'];
  // NixOS's default is [ "root" ], and a definition replaces it: root stays trusted by being written.
  if (ctx.present.value(path.join('.')) === undefined) {
    return intent(c, 'nix', `make ${u} trusted Nix users`.replace(/^make (\S+) trusted Nix users$/, 'make $1 a trusted Nix user'), [{ kind: 'set', path, value: { text: `[ "root" ${names.map((n) => JSON.stringify(n)).join(' ')} ]` } }], 1, ['nix.settings.trusted-users replaces its default [ "root" ]: root is kept in the list.']);
  }
  return intent(c, 'nix', `make ${u} trusted Nix users`.replace(/^make (\S+) trusted Nix users$/, 'make $1 a trusted Nix user'), [{ kind: 'listAdd', path, items: names.map((n) => ({ text: JSON.stringify(n) })) }]);
}

/** "change alice's full name to Alice Smith", "give alice the uid 1001", "alice's home folder be /data/alice". */
function attribute(t: string, c: Clause, ctx: Context): Reading | undefined {
  const TO = '(?:\\s+(?:to|is|be|as|should be|will be|=|:))?\\s+';
  const NAME_WORDS = '(?:full name|real name|display name|description|comment)';
  const PASSWORD = '(?:initial|first|temporary|default|starting) password';
  const HOME = 'home(?:\\s+(?:folder|directory|dir))?';
  const found = (key: string, m: RegExpExecArray | null, user = 1, value = 2) => (m ? { key, user: m[user]!, value: m[value]! } : undefined);
  const a =
    found('description', re(`^(?:(?:change|set|make|update)\\s+)?${USER}'s\\s+${NAME_WORDS}${TO}(.+)$`).exec(t)) ??
    found('description', re(`^(?:give|set)\\s+${USER}\\s+(?:the\\s+|a\\s+)?${NAME_WORDS}\\s+(?:of\\s+)?(.+)$`).exec(t)) ??
    found('description', re(`^(?:change|set|make)\\s+(?:the\\s+)?${NAME_WORDS}\\s+(?:of|for)\\s+${USER}\\s+(?:to|as)\\s+(.+)$`).exec(t)) ??
    found('uid', re(`^(?:give|set)\\s+${USER}\\s+(?:the\\s+|a\\s+)?(?:uid|user id)\\s+(?:of\\s+)?(\\d+)$`).exec(t)) ??
    found('uid', re(`^(?:(?:change|set|make)\\s+)?${USER}'s\\s+(?:uid|user id)${TO}(\\d+)$`).exec(t)) ??
    found('uid', re(`^(?:change|set)\\s+(?:the\\s+)?(?:uid|user id)\\s+(?:of|for)\\s+${USER}\\s+to\\s+(\\d+)$`).exec(t)) ??
    found('uid', re(`^${USER}\\s+(?:should|must|needs to|will)\\s+have\\s+(?:the\\s+)?(?:uid|user id)\\s+(\\d+)$`).exec(t)) ??
    found('home', re(`^(?:(?:change|set|make|move|put)\\s+)?${USER}'s\\s+${HOME}(?:\\s+(?:to|is|be|as|at|in|into|should be|will be|=|:))?\\s+(/[^\\s]+)$`).exec(t)) ??
    found('home', re(`^(?:change|set|make|move|put)\\s+(?:the\\s+)?${HOME}\\s+(?:of|for)\\s+${USER}\\s+(?:to|at|in|as|into)\\s+(/[^\\s]+)$`).exec(t)) ??
    found('home', re(`^(?:give|set)\\s+${USER}\\s+(?:the\\s+|a\\s+)?${HOME}\\s+(?:of\\s+|at\\s+|in\\s+)?(/[^\\s]+)$`).exec(t)) ??
    found('initialPassword', re(`^(?:give|set)\\s+${USER}\\s+(?:an?\\s+|the\\s+)?${PASSWORD}\\s+(?:of\\s+|to\\s+|=\\s+|:\\s*)?(\\S+)$`).exec(t)) ??
    found('initialPassword', re(`^(?:(?:change|set|make)\\s+)?${USER}'s\\s+${PASSWORD}${TO}(\\S+)$`).exec(t)) ??
    found('initialPassword', re(`^(?:change|set|make)\\s+(?:the\\s+|an?\\s+)?${PASSWORD}\\s+(?:of|for)\\s+${USER}\\s+(?:to\\s+|=\\s+|as\\s+|:\\s*)?(\\S+)$`).exec(t));
  if (!a || !isKnownUser(ctx, a.user)) return undefined;
  const path = ['users', 'users', a.user, a.key];
  if (a.key === 'uid') return intent(c, 'users', `give ${a.user} the uid ${a.value}`, [{ kind: 'set', path, value: { text: String(Number(a.value)) } }]);
  const value = asWritten(ctx, a.value.replace(/[.!?]+$/, '').trim());
  if (a.key === 'home') return intent(c, 'users', `make ${value} ${a.user}'s home folder`, [{ kind: 'set', path, value: { text: nixString(value) } }], 1, ['NixOS creates the folder when it does not exist (users.users.<name>.createHome is on for normal users).']);
  // The password is in the edit only: not in the summary, which undo and picks keep as a key.
  if (a.key === 'initialPassword') {
    return intent(c, 'users', `give ${a.user} an initial password`, [{ kind: 'set', path, value: { text: nixString(value) } }], 1, [
      'The password is written in plain text into the configuration and the Nix store, which every user can read: change it after the first login (passwd), or use hashedPasswordFile.',
      'It applies only when the account is first created (users.mutableUsers).',
    ]);
  }
  return intent(c, 'users', `make ${value} ${a.user}'s full name`, [{ kind: 'set', path, value: { text: nixString(value) } }]);
}

/** "install ripgrep only for admin": the user's own packages (users.users.<name>.packages). */
function ownPackages(c: Clause, ctx: Context): Reading | undefined {
  // "remove krita from bob's packages": out of that user's list.
  const out = c.verb === 'remove' ? re(`^(.+?)\\s+from\\s+${USER}'s\\s+(?:own\\s+)?(?:packages|package list|user packages|apps|programs)$`).exec(c.rest) : null;
  if (out && isKnownUser(ctx, out[2]!)) {
    const words = out[1]!.replace(/^(?:the|a|an)\s+/, '');
    const attr = ctx.index.package(words) ? words : ctx.index.everydayName(words)?.filter((p) => ctx.index.package(p))[0];
    if (attr) return intent(c, 'users', `remove ${attr} from ${out[2]}'s own packages`, [{ kind: 'listRemove', path: ['users', 'users', out[2]!, 'packages'], items: [{ package: attr }] }]);
  }
  if (c.verb !== 'install' && c.verb !== 'add') return undefined;
  const m =
    re(`^(.+?)\\s+(?:only|just)\\s+for\\s+${USER}$`).exec(c.rest) ??
    re(`^(.+?)\\s+for\\s+${USER}\\s+(?:only|alone)$`).exec(c.rest) ??
    re(`^(.+?)\\s+(?:to|in|into)\\s+${USER}'s\\s+(?:own\\s+)?(?:packages|package list|user packages)$`).exec(c.rest);
  if (!m || !isKnownUser(ctx, m[2]!)) return undefined;
  const words = m[1]!.replace(/^(?:the|a|an)\s+/, '');
  const attr = ctx.index.package(words) ? words : ctx.index.everydayName(words)?.filter((p) => ctx.index.package(p))[0];
  if (!attr) return undefined;
  const changes: Change[] = [{ kind: 'listAdd', path: ['users', 'users', m[2]!, 'packages'], items: [{ package: attr }] }];
  const notes = ['Only that user gets it (users.users.<name>.packages), not everyone.'];
  if (ctx.index.package(attr)?.unfree) {
    changes.push(bool('nixpkgs.config.allowUnfree', true));
    notes.push(`${attr} is unfree: allowing unfree packages (nixpkgs.config.allowUnfree).`);
  }
  return intent(c, 'users', `install ${attr} for ${m[2]} only`, changes, 1, notes);
}

/** "create a system user called backup": a system user needs a group; one of its name is made. */
function systemUser(c: Clause): Reading | undefined {
  if (c.verb !== 'create' && c.verb !== 'add' && c.verb !== 'set') return undefined;
  const m = re(`^(?:a\\s+|the\\s+)?(?:new\\s+)?system\\s+(?:user|account|user account)\\s+(?:called\\s+|named\\s+|for\\s+)?${USER}$`).exec(c.rest) ?? re(`^${USER}\\s+as\\s+(?:a\\s+)?system\\s+(?:user|account)$`).exec(c.rest);
  if (!m) return undefined;
  const u = m[1]!;
  return intent(c, 'users', `create the system user ${u} (group ${u})`, [
    { kind: 'set', path: ['users', 'users', u, 'isSystemUser'], value: { text: 'true' }, group: 3 },
    { kind: 'set', path: ['users', 'users', u, 'group'], value: { text: JSON.stringify(u) } },
    { kind: 'set', path: ['users', 'groups', u], value: { text: '{ }' } },
  ], 1, ['NixOS requires a system user to have a group: a group of the same name is created.']);
}

/** "create the group devops with gid 2000". */
function groupWithGid(c: Clause): Reading | undefined {
  if (c.verb !== 'create' && c.verb !== 'add' && c.verb !== 'set') return undefined;
  const m = re(`^(?:a\\s+|the\\s+)?(?:new\\s+)?(?:group\\s+(?:called\\s+|named\\s+)?${USER}|${USER}\\s+group)\\s+(?:with\\s+(?:the\\s+)?|and\\s+)?gid\\s+(?:of\\s+|=\\s+)?(\\d+)$`).exec(c.rest);
  if (!m) return undefined;
  const g = m[1] ?? m[2]!;
  return intent(c, 'users', `create the group ${g} with gid ${m[3]}`, [{ kind: 'set', path: ['users', 'groups', g, 'gid'], value: { text: String(Number(m[3])) }, group: 3 }]);
}

/** "add a builder group for dana": the group (made when it is not one NixOS has) and the user in it. */
function groupFor(c: Clause): Reading | undefined {
  if (c.verb !== 'create' && c.verb !== 'add' && c.verb !== 'set') return undefined;
  const m = re(`^(?:a\\s+|the\\s+)?(?:new\\s+)?(?:${USER}\\s+group|group\\s+(?:called\\s+|named\\s+)?${USER})\\s+for\\s+${USER}$`).exec(c.rest);
  if (!m) return undefined;
  const name = m[1] ?? m[2]!;
  const u = m[3]!;
  const known = GROUP_WORDS[name];
  const add: Change = { kind: 'listAdd', path: ['users', 'users', u, 'extraGroups'], items: [{ text: JSON.stringify(known ?? name) }] };
  if (known) return intent(c, 'users', `put ${u} in the ${known} group`, [add]);
  return intent(c, 'users', `create the group ${name} and put ${u} in it`, [{ kind: 'set', path: ['users', 'groups', name], value: { text: '{ }' } }, add]);
}

const shellChanges = (user: string, shell: string): Change[] => [
  { kind: 'set', path: ['users', 'users', user, 'shell'], value: { text: `pkgs.${shell}` } },
  ...(SHELL_PROGRAMS.has(shell) ? [bool(`programs.${shell}.enable`, true)] : []),
];

/**
 * "can carol have a different shell, like fish?" (the shell may come in the next clause);
 * "make dana not use zsh anymore, bash is fine" (bash, NixOS's own, unless another is named next).
 */
function otherShell(t: string, c: Clause, ctx: Context): Reading | undefined {
  let m = re(`^(?:make\\s+|let\\s+|can\\s+|could\\s+|may\\s+|should\\s+)?${USER}\\s+(?:have|get|use|gets|needs|wants)\\s+(?:a\\s+|an\\s+)?(?:different|other|another|new)\\s+(?:login\\s+)?shell(?:\\s*,?\\s*(?:like|such as|maybe|e\\.g\\.|:)\\s+([a-z]+))?$`).exec(t);
  if (m && isKnownUser(ctx, m[1]!)) {
    const u = m[1]!;
    const named = (s: string | undefined) => (s && SHELLS.has(s) ? intent(c, 'users', `make ${s} ${u}'s login shell`, shellChanges(u, s)) : undefined);
    if (m[2]) return named(m[2]);
    ctx.frame = (next) => {
      const s = /^(?:like|such as|maybe|e\.g\.|say|perhaps|for example)?\s*([a-z]+)(?:\s+maybe|\s+perhaps)?$/.exec(next.text)?.[1];
      const r = named(s);
      return r && { ...r, answers: c.text };
    };
    return { intent: { family: 'users', summary: `another shell for ${u} (none named)`, words: c.text, changes: [], notes: ['Which shell? Say, for example, "make fish carol\'s shell".'], confidence: 0 }, alternatives: [] };
  }
  m = re(`^(?:make\\s+|let\\s+)?${USER}\\s+(?:do\\s+|does\\s+|should\\s+|must\\s+)?not\\s+use\\s+([a-z]+)(?:\\s+(?:anymore|any more|any longer))?$`).exec(t);
  if (!m || !SHELLS.has(m[2]!) || !isKnownUser(ctx, m[1]!)) return undefined;
  const u = m[1]!;
  if (!(ctx.present.value(`users.users.${u}.shell`) ?? '').includes(m[2]!)) return undefined;
  const r = intent(c, 'users', `make bash ${u}'s login shell instead of ${m[2]}`, shellChanges(u, 'bash'), 1, ['bash is the shell NixOS gives users by default.']);
  // "..., bash is fine" / "fish instead": the shell named next is the one.
  ctx.frameTakesVerbs = true;
  ctx.frame = (next) => {
    const s = next.text.split(' ').find((w) => SHELLS.has(w) && w !== m![2]);
    if (!s) return undefined;
    r.intent.changes = shellChanges(u, s);
    r.intent.summary = `make ${s} ${u}'s login shell instead of ${m![2]}`;
    r.intent.notes = [];
    return intent(next, 'users', r.intent.summary, shellChanges(u, s));
  };
  return r;
}

/** "he shouldn't have root" (after "remove admin from wheel"): out of the wheel group. */
function notRoot(t: string, c: Clause, ctx: Context): Reading | undefined {
  const m = re(`^${USER}\\s+(?:should not|must not|does not need to|should no longer|shall not|will not)\\s+(?:have|get|be given)\\s+(?:root|sudo|admin|administrator)(?:\\s+(?:rights|access|privileges|permissions))?(?:\\s+(?:anymore|any more|any longer))?$`).exec(t);
  if (!m || !isKnownUser(ctx, m[1]!)) return undefined;
  return intent(c, 'users', `take ${m[1]} out of the wheel group`, [{ kind: 'listRemove', path: ['users', 'users', m[1]!, 'extraGroups'], items: [{ text: '"wheel"' }] }]);
}

/** "is possible to put docker? and alice use it", "enable adb, alice uses it": the thing named before, and its group. */
function usesIt(t: string, c: Clause, ctx: Context): Reading | undefined {
  const m = re(`^(?:and\\s+)?${USER}\\s+(?:uses?|(?:can|could|will|should|may)\\s+use)\\s+(?:it|that|them|this)(?:\\s+too)?$`).exec(t);
  if (!m || !ctx.lastNamed) return undefined;
  const named = ctx.lastNamed.replace(/^(?:the|a|an)\s+/, '').replace(/\?$/, '').replace(/\s+(?:for|so|to|on|in)\s+.*$/, '');
  const g = groupOf(named);
  const f = findFeature(named);
  if (!g || !isKnownUser(ctx, m[1]!)) return undefined;
  // The thing itself was turned on by the clause before; a feature's switches are said again (asked once).
  return intent(c, 'users', `let ${m[1]} use ${f?.name ?? named} (the ${g} group)`, [...(f?.on ?? []), { kind: 'listAdd', path: ['users', 'users', m[1]!, 'extraGroups'], items: [{ text: JSON.stringify(g) }] }]);
}

/** "bob should be able to run virtual machines": the feature, and the user in its group. */
function runs(t: string, c: Clause): Reading | undefined {
  const m = re(`^${USER}\\s+(?:should be able to|must be able to|needs to be able to|has to be able to|can|could|should|must|wants to|needs to)\\s+(?:run|make|create|start|manage)\\s+(?:the\\s+)?([a-z -]+)$`).exec(t);
  if (!m) return undefined;
  const f = findFeature(m[2]!);
  const g = groupOf(m[2]!);
  if (!f || !g) return undefined;
  return intent(c, 'users', `let ${m[1]} run ${f.name} (the ${g} group)`, [...f.on, { kind: 'listAdd', path: ['users', 'users', m[1]!, 'extraGroups'], items: [{ text: JSON.stringify(g) }] }]);
}

/** "dana should use fish and be in the docker group": the user named before, in the group. */
function subjectless(t: string, c: Clause, ctx: Context): Reading | undefined {
  const m = /^(?:and\s+)?(?:also\s+)?(?:be|get|join|be added to|be put in)\s+(?:in\s+|into\s+|to\s+)?(?:the\s+)?([a-z_][a-z0-9_-]*)\s+groups?(?:\s+too|\s+as well)?$/.exec(t);
  const u = ctx.lastUser;
  if (!m || !u || !isKnownUser(ctx, u)) return undefined;
  const g = GROUP_WORDS[m[1]!] ?? m[1]!;
  return intent(c, 'users', `put ${u} in the ${g} group`, [{ kind: 'listAdd', path: ['users', 'users', u, 'extraGroups'], items: [{ text: JSON.stringify(g) }] }]);
}

/**
 * "add me to the video group? i'm alice": "me" is the user the request says the person is, else
 * the one normal user the configuration has; with several and none said, not guessed.
 */
function meInGroup(t: string, c: Clause, ctx: Context): Reading | undefined {
  const m = /^(?:add|put)\s+(?:me|myself)\s+(?:to|in|into)\s+(?:the\s+)?([a-z_][a-z0-9_-]*)(\s+groups?)?$/.exec(t);
  if (!m) return undefined;
  const g = GROUP_WORDS[m[1]!] ?? (m[2] ? m[1]! : undefined);
  if (!g) return undefined;
  const said = /\b(?:i'm|i am|my (?:user(?: ?name)?|account|login) is|my name is)\s+([a-z_][a-z0-9_-]*)/i.exec(ctx.said ?? '')?.[1]?.toLowerCase();
  const users = ctx.present.normalUsers();
  const u = said && users.includes(said) ? said : users.length === 1 ? users[0] : undefined;
  if (!u) return undefined;
  return intent(c, 'users', `put ${u} in the ${g} group`, [{ kind: 'listAdd', path: ['users', 'users', u, 'extraGroups'], items: [{ text: JSON.stringify(g) }] }], 1, [said === u ? `"me" read as ${u}, as you said.` : `"me" read as ${u}, the one user this configuration has.`]);
}

/**
 * "carol go out from the company, remove her user": why, not what; nothing changes for it, and
 * "her" in what follows is that user.
 */
function leaves(t: string, c: Clause, ctx: Context): Reading | undefined {
  const m = re(`^${USER}\\s+(?:go(?:es)?\\s+out\\s+(?:from|of)|went\\s+out\\s+(?:from|of)|left|leaves|is leaving|has left|quit|quits|no longer works\\s+(?:at|for|in|with)|does not work\\s+(?:at|for|in|with))\\s+(?:the\\s+|our\\s+|my\\s+|this\\s+)?(?:company|team|job|firm|office|house|family|school|work|project|org|organisation|organization)$`).exec(t);
  if (!m || !isKnownUser(ctx, m[1]!)) return undefined;
  ctx.lastUser = m[1]!;
  const r = intent(c, 'users', `${m[1]} leaves (nothing to change for that alone)`, [], 1, [`Read "${c.text}" as why, not as something to change.`]);
  r.alternatives.push({ intent: { family: 'users', summary: `delete the user ${m[1]}`, words: c.text, changes: [{ kind: 'unset', path: ['users', 'users', m[1]!] }], notes: [], confidence: 0.8 }, reason: `if ${m[1]}'s account is to go` });
  return r;
}

/**
 * "add dave" where the configuration has users and nothing else is called dave: a person. Not a
 * name the index knows in any way (package, everyday name, service, program, feature), the start
 * of a package's name ("chrom"), an English word, or, from five letters on, a typo of a package
 * name ("fierfox"); a shorter word is one letter from too many names for a typo to be meant.
 */
function addPerson(c: Clause, ctx: Context): Reading | undefined {
  const m = /^add\s+([a-z]{3,12})$/.exec(c.text);
  if (!m || c.verb !== 'add' || ctx.present.normalUsers().length === 0) return undefined;
  const x = m[1]!;
  const i = ctx.index;
  if (i.package(x) || i.everydayName(x) || i.isOptionPrefix(['services', x]) || i.isOptionPrefix(['programs', x]) || findFeature(x) || SHELLS.has(x) || GROUP_WORDS[x] || PROGRAM_GROUPS[x]) return undefined;
  if (FUNCTION_WORDS.has(x) || PLAIN_WORDS.has(x)) return undefined;
  if (searchPackages(i, x, 5).some((p) => p.attrPath.split(/[.-]/).some((part) => part.startsWith(x)))) return undefined;
  const near = nearestPackageNames(i, x, 1);
  if (x.length >= 5 && near.length) return undefined;
  const r = intent(c, 'users', `create the user ${x}`, [{ ...(bool(`users.users.${x}.isNormalUser`, true) as Extract<Change, { kind: 'set' }>), group: 3 }], 0.9, [`No package or option is called ${x}: read as a person's name, like the users this configuration has (${ctx.present.normalUsers().filter((u) => u !== x).join(', ')}).`]);
  if (near[0]) r.alternatives.push({ intent: { family: 'packages', summary: `install ${near[0]}`, words: c.text, changes: [{ kind: 'listAdd', path: ['environment', 'systemPackages'], items: [{ package: near[0] }] }], notes: [], confidence: 0.7 }, reason: `the package nearest to "${x}"` });
  return r;
}

/** What "create user erin with uid 1200 and home /srv/erin" says besides the name: uid, home, full name. */
export function createdWith(user: string, extra: string): Change[] {
  const out: Change[] = [];
  const uid = /\b(?:uid|user id)\s+(?:of\s+|=\s+)?(\d+)\b/.exec(extra)?.[1];
  if (uid) out.push({ kind: 'set', path: ['users', 'users', user, 'uid'], value: { text: String(Number(uid)) } });
  const home = /\bhome(?:\s+(?:folder|directory|dir))?\s+(?:at\s+|in\s+|is\s+|=\s+)?(\/[^\s,]+)/.exec(extra)?.[1];
  if (home) out.push({ kind: 'set', path: ['users', 'users', user, 'home'], value: { text: nixString(home) } });
  return out;
}

/**
 * After a user is created or deleted, what the next clause says of them: "(no sudo)", "no admin
 * rights" (nothing more to do), "(with sudo)" (wheel), "she's in media" (a group), "and the media
 * group" (deleted too).
 */
export function afterUser(user: string, deleted: boolean, ctx: Context, inner: Frame | undefined): Frame {
  return (next) => {
    const r = inner?.(next);
    if (r) return r;
    const t = next.text;
    if (deleted) {
      const g = re(`^(?:the\\s+)?(?:group\\s+${USER}|${USER}\\s+group)$`).exec(t);
      const name = g && (g[1] ?? g[2]!);
      return name ? intent(next, 'users', `delete the group ${name}`, [{ kind: 'unset', path: ['users', 'groups', name] }]) : undefined;
    }
    // "..., and home /srv/erin", "uid 1200": what the new user is given.
    const given = /^(?:with\s+|and\s+)?(?:(?:his|her|their|the|a)\s+)?(?:uid|user id|home)\b/.test(t) ? createdWith(user, t) : [];
    if (given.length) return intent(next, 'users', `give ${user} ${given.map((g) => `the ${g.path[3]} ${(g as Extract<Change, { kind: 'set' }>).value.text}`).join(' and ')}`, given);
    if (/^(?:no|without|not an?|not)\s+(?:sudo|admin|administrator|root)(?:\s+(?:rights|access|privileges|permissions))?$/.test(t) || (next.negated && /^(?:sudo|admin|root)(?:\s+(?:rights|access|privileges))?$/.test(next.rest))) {
      return intent(next, 'users', `${user} is no administrator`, [], 1, [`${user} is not put in the wheel group, so cannot use sudo.`]);
    }
    if (/^(?:with|as an?|and)\s+(?:sudo|admin|administrator|root)(?:\s+(?:rights|access|privileges|permissions))?$/.test(t)) {
      return intent(next, 'users', `make ${user} an administrator (the wheel group)`, [{ kind: 'listAdd', path: ['users', 'users', user, 'extraGroups'], items: [{ text: '"wheel"' }] }]);
    }
    const m = re(`^(?:(?:he|she|they|${user})(?:'s|\\s+is|\\s+are|\\s+should be|\\s+will be|\\s+must be)?\\s+)?(?:in|into|to|a member of|member of)\\s+(?:the\\s+)?([a-z_][a-z0-9_-]*)(\\s+groups?)?$`).exec(t);
    // A name alone is a group when NixOS or this configuration has it ("she's in media"), or when said.
    const g = m && (GROUP_WORDS[m[1]!] ?? (m[2] || ctx.present.value(`users.groups.${m[1]}`) !== undefined ? m[1] : undefined));
    return g ? intent(next, 'users', `put ${user} in the ${g} group`, [{ kind: 'listAdd', path: ['users', 'users', user, 'extraGroups'], items: [{ text: JSON.stringify(g) }] }]) : undefined;
  };
}
