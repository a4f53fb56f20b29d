// Users and groups in plain words: create or delete a user (with a shell and groups), add to or
// take out of a group ("put alice in video", "carol should be an admin", "let bob use docker"),
// the login shell with the programs.X.enable NixOS wants for it, create or delete a group.
import { bool, findFeature, GROUP_WORDS, SHELLS, SHELL_PROGRAMS } from './families.js';
import type { Change } from './model.js';
import { intent, type Context, type Frame, type Reading } from './reading.js';
import type { Clause } from './words.js';
import { afterUser, createdWith, isKnownUser, re, USER } from './userAttrs.js';

/**
 * "Set carols shell to zsh": a user the configuration does not have, whose name without its last
 * "s" it has, is that user (a possessive without its apostrophe).
 */
export function usersRule(c: Clause, ctx: Context): Reading | undefined {
  const r = usersRuleOf(c, ctx);
  if (!r) return r;
  // A user just created or deleted: what the next clause says of them ("(no sudo)", "she's in media").
  const made = r.intent.changes.find((ch) => ch.path[0] === 'users' && ch.path[1] === 'users' && ((ch.kind === 'set' && ch.path[3] === 'isNormalUser') || (ch.kind === 'unset' && ch.path.length === 3)));
  // Only when the request says such things: a frame keeps the next clause from being read on its own.
  if (made && (ctx.frame || /\b(?:sudo|admin\w*|root|groups?|members?|in|into|uid|home)\b/i.test(ctx.said ?? ''))) ctx.frame = afterUser(made.path[2]!, made.kind === 'unset', ctx, ctx.frame);
  const defined = (u: string) => ctx.present.value(`users.users.${u}.isNormalUser`) !== undefined || ctx.present.value(`users.users.${u}`) !== undefined;
  // Never for a user being created or deleted ("create a user carols" is asked as said).
  if (r.intent.changes.some((ch) => ch.kind === 'unset' || ch.path[3] === 'isNormalUser')) return r;
  for (const ch of r.intent.changes) {
    const u = ch.path[0] === 'users' && ch.path[1] === 'users' ? ch.path[2] : undefined;
    if (u && u.endsWith('s') && !defined(u) && defined(u.slice(0, -1))) {
      r.intent.summary = r.intent.summary.replace(new RegExp(`\\b${u}\\b`, 'g'), u.slice(0, -1));
      ch.path = ['users', 'users', u.slice(0, -1), ...ch.path.slice(3)];
    }
  }
  return r;
}

function usersRuleOf(c: Clause, ctx: Context): Reading | undefined {
  const t = c.text;
  const groupFrame = (user: string, remove: boolean): Frame => (next) => {
    const g = groupName(next.text) ?? (next.text === ctx.lastGroup || GROUP_WORDS[next.text] === next.text ? next.text : undefined);
    if (!g) return undefined;
    return intent(next, 'users', `${remove ? 'take' : 'put'} ${user} ${remove ? 'out of' : 'in'} the ${g} group`, [{ kind: remove ? 'listRemove' : 'listAdd', path: ['users', 'users', user, 'extraGroups'], items: [{ text: JSON.stringify(g) }] }]);
  };
  // add alice to the wheel group / remove alice from docker
  let m = re(`^(?:${USER}\\s+)?(?:to|from|in|into|out of)\\s+(?:the\\s+)?([a-z -]+?)(\\s+groups?)?$`).exec(c.rest);
  if (m && (c.verb === 'add' || c.verb === 'remove' || c.verb === 'set' || c.verb === 'install') && m[1]) {
    // "create a developers group and add admin to it": the group just named.
    // "enable docker; add dana to it": the feature named before, by its group.
    const it = /^(?:it|that|this|that group|this group)$/.test(m[2]!);
    // The words said "group": a plain name is the group's name ("put carol into media group").
    const g = it ? (ctx.lastGroup ?? GROUP_WORDS[(ctx.lastNamed ?? '').replace(/^(?:the|a)\s+/, '')]) : groupName(`${m[2]}${m[3] ?? ''}`);
    if (g) {
      const remove = c.verb === 'remove';
      ctx.frame = groupFrame(m[1], remove);
      return groupFrame(m[1], remove)({ ...c, text: `${g} group` });
    }
  }
  // "alice should not be able to use sudo": out of the group that gives it.
  m = re(`^${USER}\\s+(?:should not|must not|cannot|can not|may not|should no longer|can no longer)\\s+(?:be able to\\s+)?use\\s+(?:the\\s+)?([a-z -]+)$`).exec(t);
  if (m && GROUP_WORDS[m[2]!]) return groupFrame(m[1]!, true)({ ...c, text: `${GROUP_WORDS[m[2]!]} group` });
  // "carol should get access to the audio group".
  m = re(`^${USER}\\s+(?:(?:should|must|needs to|has to|will)\\s+)?(?:get|have|be given|gets)\\s+access\\s+to\\s+(?:the\\s+)?([a-z -]+?)(\\s+groups?)$`).exec(t);
  if (m) {
    const g = groupName(`${m[2]}${m[3]}`);
    if (g) return groupFrame(m[1]!, false)({ ...c, text: `${g} group` });
  }
  // "bob should leave the audio group", "carol leaves video".
  m = re(`^${USER}\\s+(?:(?:should|must|will|has to|needs to|can)\\s+)?(?:leave|leaves|quit|exit)\\s+(?:the\\s+)?([a-z -]+?)(\\s+groups?)?$`).exec(t);
  if (m) {
    const g = groupName(`${m[2]}${m[3] ?? ''}`) ?? groupName(`${m[2]} group`);
    if (g) return groupFrame(m[1]!, true)({ ...c, text: `${g} group` });
  }
  // "make bob a user": the name first, then what it is to be.
  m = re(`^(?:make|let)\\s+${USER}\\s+(?:an?\\s+)?(?:new\\s+)?(?:normal\\s+|regular\\s+)?(?:user|account|user account)$`).exec(t);
  if (m) return intent(c, 'users', `create the user ${m[1]}`, [{ ...(bool(`users.users.${m[1]}.isNormalUser`, true) as Extract<Change, { kind: 'set' }>), group: 3 }]);
  // "enable docker for dana": the feature, and the user in its group.
  // ("put the virtualbox for dana can make virtual machines": what she can do with it is why.)
  m = re(`^(?:the\\s+)?([a-z -]+?)\\s+for\\s+${USER}(?:\\s+(?:so\\s+(?:that\\s+)?)?(?:(?:she|he|they|${USER.replace('([a-z_]', '(?:[a-z_]')})\\s+)?(?:can|could|may|is able to|will be able to)\\s+[a-z ]+)?$`).exec(c.rest);
  // Only a user there is: a group set for no account makes one NixOS rejects ("podman for containers").
  if (m && (c.verb === 'enable' || c.verb === 'install' || c.verb === 'add') && !c.negated && GROUP_WORDS[m[1]!] && findFeature(m[1]!) && isKnownUser(ctx, m[2]!)) {
    const f = findFeature(m[1]!)!;
    const r = intent(c, 'users', `turn on ${f.name} for ${m[2]} (the ${GROUP_WORDS[m[1]!]} group)`, [...f.on, { kind: 'listAdd', path: ['users', 'users', m[2]!, 'extraGroups'], items: [{ text: JSON.stringify(GROUP_WORDS[m[1]!]) }] }]);
    r.alternatives.push({ intent: { ...r.intent, summary: `turn on ${f.name}`, changes: f.on }, reason: `only ${f.name}, without putting ${m[2]} in the ${GROUP_WORDS[m[1]!]} group` });
    return r;
  }
  // "add alice as a user": the name first.
  m = re(`^${USER}\\s+as\\s+(?:an?\\s+)?(?:new\\s+)?(?:normal\\s+|regular\\s+)?(?:user|account|user account)$`).exec(c.rest);
  if (m && (c.verb === 'add' || c.verb === 'create' || c.verb === 'set')) return intent(c, 'users', `create the user ${m[1]}`, [{ ...(bool(`users.users.${m[1]}.isNormalUser`, true) as Extract<Change, { kind: 'set' }>), group: 3 }]);
  // "add the docker group to alice": the group named first.
  m = re(`^(?:the\\s+)?([a-z -]+?)\\s+groups?\\s+to\\s+${USER}$`).exec(c.rest);
  if (m && c.verb === 'add') {
    const g = groupName(`${m[1]} group`);
    if (g) return groupFrame(m[2]!, false)({ ...c, text: `${g} group` });
  }
  // "create a user for my friend mike": the name after who it is for.
  m = re(`^(?:an?\\s+)?(?:new\\s+)?(?:user|account|user account)\\s+for\\s+(?:my|our|the)\\s+[a-z]+\\s+${USER}$`).exec(c.rest);
  if (m && (c.verb === 'create' || c.verb === 'add' || c.verb === 'enable' || c.verb === 'set')) return intent(c, 'users', `create the user ${m[1]}`, [{ ...(bool(`users.users.${m[1]}.isNormalUser`, true) as Extract<Change, { kind: 'set' }>), group: 3 }]);
  // "give bob the docker group": the group itself, nothing more.
  m = re(`^give\\s+${USER}\\s+(?:the\\s+)?([a-z -]+?)\\s+groups?$`).exec(t);
  if (m) {
    const g = groupName(`${m[2]} group`);
    if (g) return groupFrame(m[1]!, false)({ ...c, text: `${g} group` });
  }
  // let alice use docker: the feature, and its group; "carol must can use sudo", "let dana use it"
  m = re(`^(?:let|allow)\\s+${USER}\\s+(?:to\\s+)?use\\s+(?:the\\s+)?([a-z -]+)$`).exec(t) ??
    re(`^${USER}\\s+(?:can|could|may|must|should|shall|will|must can|should be able to|must be able to|needs to be able to|has to be able to|is able to|be able to)\\s+use\\s+(?:the\\s+)?([a-z -]+)$`).exec(t) ?? re(`^${USER}\\s+(?:needs|wants|should have|must have|has to have)\\s+(?:access to\\s+)?(?:the\\s+)?([a-z-]+)$`).exec(t) ?? re(`^give\\s+${USER}\\s+(?:access|permission)\\s+to\\s+(?:use\\s+)?(?:the\\s+)?([a-z -]+)$`).exec(t) ?? re(`^give\\s+${USER}\\s+([a-z -]+?)\\s+(?:access|rights|permissions?)$`).exec(t);
  if (m && /^(?:it|that|this|them)$/.test(m[2]!) && ctx.lastNamed) m[2] = ctx.lastNamed.replace(/^(?:the|a)\s+/, '');
  if (m && GROUP_WORDS[m[2]!]) {
    const g = GROUP_WORDS[m[2]!]!;
    const f = findFeature(m[2]!);
    const changes: Change[] = [...(f?.on ?? []), { kind: 'listAdd', path: ['users', 'users', m[1]!, 'extraGroups'], items: [{ text: JSON.stringify(g) }] }];
    return intent(c, 'users', `let ${m[1]} use ${f?.name ?? m[2]} (the ${g} group)`, changes);
  }
  // alice should be in the docker group / bob doesn't need to be in wheel anymore
  m = re(`^${USER}\\s+(should|must|needs to|has to|does not need to|should not|must not|need not|no longer needs to|does not have to)\\s+be\\s+in\\s+(?:the\\s+)?([a-z -]+?)(?:\\s+groups?)?$`).exec(t);
  if (m) {
    const g = groupName(m[3]!) ?? groupName(`${m[3]} group`);
    // "carol needs to be in the audio and video group": the next name is another group.
    if (g) ctx.frame = groupFrame(m[1]!, /\bnot\b|\bno longer\b/.test(m[2]!));
    if (g) return groupFrame(m[1]!, /\bnot\b|\bno longer\b/.test(m[2]!))({ ...c, text: `${g} group` });
  }
  // bob needs the docker group / admin doesn't need docker group (any more)
  m = re(`^${USER}\\s+(needs|does not need|no longer needs|should have|should not have)\\s+(?:the\\s+)?([a-z -]+?)\\s+groups?(?:\\s+access)?$`).exec(t);
  if (m) {
    // The words said "group": a plain name is the group's name.
    const g = groupName(m[3]!) ?? (/^[a-z_][a-z0-9_-]*$/.test(m[3]!) ? m[3] : undefined);
    if (g) return groupFrame(m[1]!, /\bnot\b|\bno longer\b/.test(m[2]!))({ ...c, text: `${g} group` });
  }
  // carol should be an admin / bob should not be an admin anymore
  m = re(`^${USER}\\s+(should|must|needs to|has to|will|should not|must not|does not need to|is|is not|is no longer|should no longer|will not|will no longer|can no longer)\\s+(?:be\\s+)?(?:an?\\s+)?(?:new\\s+)?(?:admin|administrator|sudoer|superuser)$`).exec(t);
  if (m) return groupFrame(m[1]!, /\bnot\b|\bno longer\b/.test(m[2]!))({ ...c, text: 'wheel' });
  // make alice an admin / give alice sudo
  m = re(`^(?:make|let)\\s+${USER}\\s+(?:an?\\s+)?(admin|administrator|sudoer|superuser)$|^give\\s+${USER}\\s+(?:sudo|admin|root)(?:\\s+rights|\\s+access)?$`).exec(t);
  if (m) {
    const user = m[1] ?? m[3]!;
    return intent(c, 'users', `make ${user} an administrator (the wheel group)`, [{ kind: 'listAdd', path: ['users', 'users', user, 'extraGroups'], items: [{ text: '"wheel"' }] }]);
  }
  // "change my shell to fish", "make zsh the default shell": no user named (before the rules that name one).
  const own = /\bfor\s+(?!all\b|every|each\b)[a-z_]|[a-z0-9_-]'s?\b/.test(t) ? undefined : ownShell(c, ctx);
  if (own) return own;
  const known = knownUser(c, ctx);
  if (known) return known;
  // shells: set alice's shell to zsh / use fish as bob's shell / make zsh the default shell for alice
  m =
    re(`${USER}'s\\s+(?:login\\s+|default\\s+)?shell\\s+(?:to\\s+|is\\s+|=\\s+|(?:should|must|will) be\\s+)?([a-z]+)$`).exec(t) ??
    re(`(?:login\\s+|default\\s+)?shell\\s+(?:of|for)\\s+${USER}\\s+(?:to|is|as)\\s+([a-z]+)$`).exec(t) ??
    re(`(?:use|make)\\s+([a-z]+)\\s+(?:as\\s+|the\\s+)?${USER}'s\\s+(?:login\\s+|default\\s+)?shell$`).exec(t) ??
    re(`(?:use|make|add|set|give)\\s+([a-z]+)\\s+(?:as\\s+(?:an?\\s+)?|the\\s+)?(?:the\\s+)?(?:login\\s+|default\\s+)?shell\\s+(?:for|of|to)\\s+${USER}$`).exec(t) ??
    re(`^(?:switch to|use|change to)\\s+([a-z]+)\\s+for\\s+${USER}$`).exec(t) ??
    re(`^(?:make|let|have|get)\\s+${USER}\\s+(?:to\\s+)?use\\s+([a-z]+)(?:\\s+as\\s+(?:(?:his|her|their|the|a)\\s+)?(?:login\\s+|default\\s+)?shell)?$`).exec(t) ??
    re(`^(?:get|install|use|set up|enable)?\\s*(?:the\\s+)?([a-z]+)\\s+(?:login\\s+|default\\s+)?shell\\s+(?:for|to)\\s+${USER}$`).exec(t) ??
    re(`^give\\s+${USER}\\s+(?:the\\s+|an?\\s+)?([a-z]+)\\s+(?:login\\s+|default\\s+)?shell$`).exec(t) ??
    // "carols shell should be fish", "dana shell: zsh": the possessive left out.
    re(`^${USER}\\s+(?:login\\s+|default\\s+)?shell\\s+(?:is\\s+|=\\s+|:\\s*|(?:should|must|will) be\\s+)([a-z]+)$`).exec(t) ??
    // "set dana shell fish": the possessive left out.
    re(`^(?:set|change|make)\\s+${USER}\\s+(?:login\\s+|default\\s+)?shell\\s+(?:to\\s+|as\\s+|=\\s+)?([a-z]+)$`).exec(t) ??
    re(`^${USER}\\s+(?:(?:should|will|wants to|would like to|needs to|must|shall|can|may|is going to|prefers to)\\s+(?:use|have|get)|wants|prefers|likes|uses|needs)\\s+(?:the\\s+|a\\s+)?([a-z]+)(?:\\s+as\\s+(?:(?:his|her|their|the|a)\\s+)?(?:login\\s+|default\\s+)?shell|\\s+(?:login\\s+|default\\s+)?shell)?$`).exec(t);
  // "i use bash, make it carol's shell": "it" is the shell named before.
  if (m && (m[1] === 'it' || m[2] === 'it')) {
    const named = (ctx.lastNamed ?? '').split(' ').pop() ?? '';
    if (SHELLS.has(named)) m[m[1] === 'it' ? 1 : 2] = named;
  }
  if (m) {
    const [user, shell] = SHELLS.has(m[1]!) ? [m[2]!, m[1]!] : [m[1]!, m[2]!];
    if (!SHELLS.has(shell)) return undefined;
    const changes: Change[] = [{ kind: 'set', path: ['users', 'users', user, 'shell'], value: { text: `pkgs.${shell}` } }];
    if (SHELL_PROGRAMS.has(shell)) changes.push(bool(`programs.${shell}.enable`, true));
    return intent(c, 'users', `make ${shell} ${user}'s login shell`, changes, 1, SHELL_PROGRAMS.has(shell) ? [`NixOS needs programs.${shell}.enable for ${shell} to be a login shell: enabling it too.`] : []);
  }
  // create a user alice / add a user called bob / delete user carol
  // delete the admin account / remove alice's account
  m = re(`^(?:the\\s+)?${USER}(?:'s)?\\s+(?:user\\s+account|account|user)$`).exec(c.rest);
  if (m && (c.verb === 'remove' || c.verb === 'disable')) return intent(c, 'users', `delete the user ${m[1]}`, [{ kind: 'unset', path: ['users', 'users', m[1]!] }]);
  // "set up a user account for my sister, her name is lisa": the name comes in the next clause;
  // without one, a user is not created and it says why.
  if (c.verb && ['create', 'add', 'enable', 'set'].includes(c.verb) && /^(?:an?\s+|the\s+)?(?:new\s+)?(?:normal\s+|regular\s+)?(?:user account|account|user|login)(?:\s+for\s+(?:my|our|the|a|an|his|her|their|your)\s+(?!.*\b(?:called|named)\b).+)?$/.test(c.rest)) {
    ctx.frame = (next) => {
      const n = re(`^(?:(?:(?:his|her|their|the|its)\\s+)?(?:user\\s*)?name\\s+(?:is|should be|will be|=|:)|(?:call|name)\\s+(?:him|her|them|it)|called|named)\\s+${USER}$`).exec(next.text);
      if (!n) return undefined;
      return { ...intent(next, 'users', `create the user ${n[1]}`, [{ ...(bool(`users.users.${n[1]}.isNormalUser`, true) as Extract<Change, { kind: 'set' }>), group: 3 }]), answers: c.text };
    };
    return { intent: { family: 'users', summary: 'create a user (no name given)', words: c.text, changes: [], notes: ['A new user needs a name: say "create a user called NAME".'], confidence: 0 }, alternatives: [] };
  }
  // "a user for my kid called tim": the name after "called"/"named" wins over words before it.
  m =
    re(`^(?:a\\s+|the\\s+)?(?:new\\s+)?(?:normal\\s+|regular\\s+)?(?:user account|account|user)\\s+(?:\\S+\\s+){1,4}?(?:called|named)\\s+${USER}(?:\\s+(.*))?$`).exec(c.rest) ??
    re(`^(?:a\\s+|the\\s+)?(?:new\\s+)?(?:normal\\s+|regular\\s+)?(?:user accounts?|accounts?|users?)\\s+(?:called\\s+|named\\s+|for\\s+)?${USER}(?:\\s+(.*))?$`).exec(c.rest);
  if (m && c.verb) {
    const user = m[1]!;
    if (c.verb === 'remove' || c.verb === 'disable') {
      // "delete users bob and carol": more names after a plural are more users to delete.
      if (/\b(?:users|accounts)\s/.test(c.text)) ctx.frame = (next) => (re(`^${USER}$`).test(next.text) ? intent(next, 'users', `delete the user ${next.text}`, [{ kind: 'unset', path: ['users', 'users', next.text] }]) : undefined);
      return intent(c, 'users', `delete the user ${user}`, [{ kind: 'unset', path: ['users', 'users', user] }]);
    }
    if (c.verb !== 'create' && c.verb !== 'add' && c.verb !== 'enable' && c.verb !== 'set') return undefined;
    const changes: Change[] = [{ ...(bool(`users.users.${user}.isNormalUser`, true) as Extract<Change, { kind: 'set' }>), group: 3 }];
    const extra = m[2] ?? '';
    const shellWord = /\b([a-z]+)\s+(?:as\s+)?(?:the\s+|(?:his|her|their)\s+)?(?:login\s+|default\s+)?shell\b|\bshell\s+(?:is\s+)?([a-z]+)\b|^(?:and\s+)?(?:with|using|on)\s+([a-z]+)$/.exec(extra);
    const shell = shellWord && (shellWord[1] ?? shellWord[2] ?? shellWord[3]);
    if (shell && SHELLS.has(shell)) {
      changes.push({ kind: 'set', path: ['users', 'users', user, 'shell'], value: { text: `pkgs.${shell}` } });
      if (SHELL_PROGRAMS.has(shell)) changes.push(bool(`programs.${shell}.enable`, true));
    }
    const groups = [...extra.matchAll(/\b([a-z]+)\b/g)].map((x) => (x[1] === 'sudo' || x[1] === 'admin' ? 'wheel' : x[1]!)).filter((g) => GROUP_WORDS[g] !== undefined && /group|admin|sudo|wheel/.test(extra));
    if (groups.length) changes.push({ kind: 'listAdd', path: ['users', 'users', user, 'extraGroups'], items: [...new Set(groups.map((g) => GROUP_WORDS[g]!))].map((g) => ({ text: JSON.stringify(g) })) });
    // "create user erin with uid 1200 and home /srv/erin": the attributes said with it.
    changes.push(...createdWith(user, extra));
    // "create users tom and jerry": more names after a plural are more users; after "user tom"
    // too ("create user tom and jerry"), when the name is nothing else the index knows.
    const plural = /\b(?:users|accounts)\s/.test(c.text);
    const other = (w: string) => SHELLS.has(w) || !!findFeature(w) || ctx.index.package(w) !== undefined || ctx.index.everydayName(w) !== undefined;
    ctx.frame = (next) => {
      if (re(`^${USER}$`).test(next.text) && !groupName(next.text) && (plural || !other(next.text))) {
        return intent(next, 'users', `create the user ${next.text}`, [{ ...(bool(`users.users.${next.text}.isNormalUser`, true) as Extract<Change, { kind: 'set' }>), group: 3 }]);
      }
      const g = groupName(next.text.replace(/^(?:in|to)\s+(?:the\s+)?/, '').replace(/^groups?\s*:?\s*/, '').replace(/\s*groups?$/, ''));
      if (g) return groupFrame(user, false)({ ...next, text: `${g} group` });
      const shell = /(?:with\s+)?([a-z]+)\s+(?:as\s+)?(?:the\s+|(?:his|her|their|[a-z_][a-z0-9_-]*'s)\s+)?(?:login\s+|default\s+)?shell/.exec(next.text)?.[1] ?? /^(?:with\s+)?(?:login\s+|default\s+)?shell\s+(?:is\s+|=\s+|:\s+|to\s+)?([a-z]+)$/.exec(next.text)?.[1];
      if (shell && SHELLS.has(shell)) {
        const ch: Change[] = [{ kind: 'set', path: ['users', 'users', user, 'shell'], value: { text: `pkgs.${shell}` } }];
        if (SHELL_PROGRAMS.has(shell)) ch.push(bool(`programs.${shell}.enable`, true));
        return intent(next, 'users', `make ${shell} ${user}'s login shell`, ch);
      }
      return undefined;
    };
    return intent(c, 'users', `create the user ${user}${groups.length ? ` in ${groups.join(', ')}` : ''}`, changes);
  }
  m = re(`^(?:a\\s+|the\\s+)?(?:new\\s+)?group\\s+(?:called\\s+|named\\s+)?${USER}$`).exec(c.rest) ?? re(`^(?:the\\s+|an?\\s+(?:new\\s+)?)?${USER}\\s+group$`).exec(c.rest);
  // Made, added or created; a group is not installed ("video group" continuing a request).
  if (m && c.verb && c.verb !== 'install') {
    if (c.verb === 'remove') return intent(c, 'users', `delete the group ${m[1]}`, [{ kind: 'unset', path: ['users', 'groups', m[1]!] }]);
    ctx.lastGroup = m[1];
    return intent(c, 'users', `create the group ${m[1]}`, [{ kind: 'set', path: ['users', 'groups', m[1]!], value: { text: '{ }' } }]);
  }
  return undefined;
}

function groupName(words: string): string | undefined {
  const w = words.trim().replace(/^(?:the\s+)/, '');
  const name = w.replace(/\s+groups?$/, '');
  return GROUP_WORDS[w] ?? (/^[a-z_][a-z0-9_-]*$/.test(name) && /group/.test(words) ? name : undefined);
}

/**
 * "change my shell to fish", "make zsh the default shell", "zsh for all users": no user named.
 * "my" is the one normal user the configuration has; with none or several, and for "the default"
 * or "everyone", users.defaultUserShell (which a user's own shell setting still overrides).
 */
function ownShell(c: Clause, ctx: Context): Reading | undefined {
  const t = c.text;
  // "make zsh the default for all users": a shell made the default is the login shell.
  if ((!/\bshell\b/.test(t) && !/^(?:make|set|use)\s+[a-z]+\s+(?:as\s+)?the\s+default\b/.test(t)) || c.negated) return undefined;
  const shell = t.split(' ').find((w) => SHELLS.has(w));
  if (!shell) return undefined;
  const mine = /\b(?:my|me|myself|mine)\b/.test(t);
  const everyone = /\b(?:default|everyone|everybody|all(?: the)? users?|every user|each user|system ?wide|global)\b/.test(t);
  if (!mine && !everyone) return undefined;
  const users = ctx.present.normalUsers();
  const program = SHELL_PROGRAMS.has(shell) ? [bool(`programs.${shell}.enable`, true)] : [];
  const needs = program.length ? [`NixOS needs programs.${shell}.enable for ${shell} to be a login shell: enabling it too.`] : [];
  if (mine && !everyone && users.length === 1) {
    const u = users[0]!;
    const r = intent(c, 'users', `make ${shell} ${u}'s login shell`, [{ kind: 'set', path: ['users', 'users', u, 'shell'], value: { text: `pkgs.${shell}` } }, ...program], 1, [`"my" read as ${u}, the one user this configuration has.`, ...needs]);
    r.alternatives.push({ intent: { ...r.intent, summary: `make ${shell} every user's default shell`, changes: [{ kind: 'set', path: ['users', 'defaultUserShell'], value: { text: `pkgs.${shell}` } }, ...program], notes: needs, confidence: 0.9 }, reason: 'the default for every user (users.defaultUserShell)' });
    return r;
  }
  const why = mine ? [`"my" names no one user here (${users.length ? users.join(', ') : 'none'}): setting the default for every user.`] : [];
  const r = intent(c, 'users', `make ${shell} every user's default shell`, [{ kind: 'set', path: ['users', 'defaultUserShell'], value: { text: `pkgs.${shell}` } }, ...program], mine ? 0.9 : 1, [...why, ...needs, 'A user whose own shell is set keeps it.']);
  // "my" among several users: each of them is a reading too.
  if (mine) for (const u of users) r.alternatives.push({ intent: { ...r.intent, summary: `make ${shell} ${u}'s login shell`, changes: [{ kind: 'set', path: ['users', 'users', u, 'shell'], value: { text: `pkgs.${shell}` } }, ...program], notes: needs, confidence: 0.8 }, reason: `if you are ${u}` });
  return r;
}

/**
 * A clause that names one user this configuration has, said in any order ("give admin fish",
 * "bob want to use zsh", "enable fish for dana", "bob must be in group media also", "dana need be
 * in audio group", "remove carol"): that user's shell, groups, or the user itself. Only when the
 * words name nothing else to change (one shell, or one group, or the name alone after remove).
 */
function knownUser(c: Clause, ctx: Context): Reading | undefined {
  const t = c.text;
  const users = ctx.present.normalUsers().filter((u) => new RegExp(`(?:^|[^a-z0-9_-])${u}(?:'s)?(?![a-z0-9_-])`).test(t));
  if (users.length !== 1 || /\b(?:create|new user|add (?:a )?user|user called|user named)\b/.test(t)) return undefined;
  const user = users[0]!;
  const rest = ` ${t} `.replace(new RegExp(`\\b${user}(?:'s)?\\b`), ' ').replace(/\s+/g, ' ');
  // "remove carol", "delete carol": the user, when no package has the name.
  if ((c.verb === 'remove' || (c.verb === 'disable' && !c.negated)) && c.rest === user && !ctx.index.package(user)) {
    return intent(c, 'users', `delete the user ${user}`, [{ kind: 'unset', path: ['users', 'users', user] }]);
  }
  // A group: "in group media", "in the audio group", "needs the video group".
  const g = /\b(?:in|into|to|join|joins)\s+(?:the\s+)?(?:group\s+([a-z_][a-z0-9_-]*)|([a-z_][a-z0-9_-]*)\s+group)\b/.exec(rest);
  if (g && !/\bshell\b/.test(rest)) {
    const name = groupName(`${g[1] ?? g[2]} group`)!;
    const out = c.negated || /\b(?:not|no longer|out of|leave|remove|take)\b/.test(rest);
    return intent(c, 'users', `${out ? 'take' : 'put'} ${user} ${out ? 'out of' : 'in'} the ${name} group`, [{ kind: out ? 'listRemove' : 'listAdd', path: ['users', 'users', user, 'extraGroups'], items: [{ text: JSON.stringify(name) }] }]);
  }
  // A shell: the one shell named, used or given ("give admin fish", "bob want to use zsh").
  const shells = rest.split(' ').filter((w) => SHELLS.has(w));
  if (shells.length !== 1 || c.negated || /\b(?:not|no longer|without)\b/.test(rest) || /\bgroups?\b/.test(rest)) return undefined;
  if (!/\b(?:give|gives|use|uses|using|want|wants|shell|get|gets|have|has|for|prefer|prefers|like|likes|switch|set|make|enable)\b/.test(rest) && !/^ ?:/.test(rest)) return undefined;
  const shell = shells[0]!;
  const changes: Change[] = [{ kind: 'set', path: ['users', 'users', user, 'shell'], value: { text: `pkgs.${shell}` } }];
  if (SHELL_PROGRAMS.has(shell)) changes.push(bool(`programs.${shell}.enable`, true));
  return intent(c, 'users', `make ${shell} ${user}'s login shell`, changes, 1, SHELL_PROGRAMS.has(shell) ? [`NixOS needs programs.${shell}.enable for ${shell} to be a login shell: enabling it too.`] : []);
}
