import type { Command, Option } from 'commander';
import { MEMORY_STATUSES, MEMORY_TYPES } from '../core/memory.js';
import { ON_CONFLICT_CHOICES, STRATEGIES } from '../core/strategies.js';
import { SETTINGS } from '../config/keys.js';

/**
 * Generates the shell completions in completions/ from the commander tree, so they list exactly the commands and
 * flags that exist: `npm run build && node scripts/completions.mjs` rewrites them (a test fails when they drift).
 * Values are completed where they are a closed set (formats, types, statuses, strategies, config keys and their
 * choices), files and folders where an option names one, and memory ids through the hidden `harmonia __ids`.
 */

export type Shell = 'bash' | 'zsh' | 'fish';
export const SHELLS: readonly Shell[] = ['bash', 'zsh', 'fish'];

type ValueKind = { kind: 'words'; words: readonly string[]; list?: boolean } | { kind: 'file' } | { kind: 'dir' } | { kind: 'ids'; status?: string } | { kind: 'free' };

interface OptionSpec {
  long: string;
  short: string | null;
  description: string;
  value: ValueKind | null;
  repeatable: boolean;
}

interface CommandSpec {
  /** Names typed to reach it, e.g. ["config", "get"]. */
  path: string[];
  names: string[];
  description: string;
  options: OptionSpec[];
  positionals: { name: string; variadic: boolean; value: ValueKind }[];
  subcommands: CommandSpec[];
}

/** Value sets of options without commander choices, by long flag. */
const OPTION_VALUES: Record<string, ValueKind> = {
  '--type': { kind: 'words', words: MEMORY_TYPES, list: true },
  '--status': { kind: 'words', words: [...MEMORY_STATUSES, 'all'], list: true },
  '--on-conflict': { kind: 'words', words: ON_CONFLICT_CHOICES },
  '--strategy': { kind: 'words', words: STRATEGIES },
  '--output': { kind: 'file' },
  '--config': { kind: 'file' },
  '--data-dir': { kind: 'dir' },
};

const ID_STATUS: Record<string, string | undefined> = { show: 'all', rm: undefined, restore: 'deleted,archived,superseded' };

function positionalValue(path: string[], name: string): ValueKind {
  const key = path.join(' ');
  if (key in ID_STATUS && /^ids?$/.test(name)) return { kind: 'ids', ...(ID_STATUS[key] ? { status: ID_STATUS[key] } : {}) };
  if (name === 'file') return { kind: 'file' };
  if (name === 'shell') return { kind: 'words', words: ['bash', 'zsh', 'fish'] };
  if (path[0] === 'config' && name === 'key') return { kind: 'words', words: SETTINGS.map((s) => s.key) };
  return { kind: 'free' };
}

function optionSpec(option: Option): OptionSpec | null {
  if (!option.long || option.hidden) return null;
  const takesValue = option.required || option.optional;
  let value: ValueKind | null = null;
  if (takesValue) {
    value = option.argChoices ? { kind: 'words', words: option.argChoices } : (OPTION_VALUES[option.long] ?? { kind: 'free' });
  }
  return {
    long: option.long,
    short: option.short ?? null,
    description: option.description.split('\n')[0]!,
    value,
    repeatable: option.variadic || (value?.kind === 'words' && value.list === true) || option.long === '--category',
  };
}

function commandSpec(command: Command, path: string[]): CommandSpec {
  const visible = command.commands.filter((c) => !(c as unknown as { _hidden: boolean })._hidden);
  return {
    path,
    names: [command.name(), ...command.aliases()],
    description: command.description().split('\n')[0]!,
    options: command.options.map(optionSpec).filter((o): o is OptionSpec => o !== null),
    positionals: command.registeredArguments.map((a) => ({ name: a.name(), variadic: a.variadic, value: positionalValue(path, a.name()) })),
    subcommands: visible.map((c) => commandSpec(c, [...path, c.name()])),
  };
}

const HELP: OptionSpec = { long: '--help', short: '-h', description: 'show help', value: null, repeatable: false };

function allCommands(spec: CommandSpec): CommandSpec[] {
  return [spec, ...spec.subcommands.flatMap(allCommands)];
}

/** Every way of typing the path: aliases included ("list", "ls"). */
function pathKeys(spec: CommandSpec, root: CommandSpec): string[] {
  let keys = [''];
  let node = root;
  for (const name of spec.path) {
    node = node.subcommands.find((c) => c.names[0] === name)!;
    keys = keys.flatMap((k) => node.names.map((n) => (k === '' ? n : `${k} ${n}`)));
  }
  return keys;
}

function configValueChoices(): { key: string; words: readonly string[] }[] {
  return SETTINGS.flatMap((s) => (s.kind === 'enum' ? [{ key: s.key, words: s.choices! }] : s.kind === 'boolean' ? [{ key: s.key, words: ['true', 'false'] }] : []));
}

const HEADER = (comment: string): string =>
  `${comment} ${'Shell completion for harmonia. Generated from the command tree by scripts/completions.mjs: do not edit.'}\n`;

// ---------------------------------------------------------------------------------------------------------------
// bash

function bashWords(words: readonly string[]): string {
  return words.join(' ');
}

function bash(root: CommandSpec): string {
  const commands = allCommands(root);
  const globals = root.options;
  const out: string[] = [HEADER('#'), '# Install: harmonia completion bash > ~/.local/share/bash-completion/completions/harmonia', ''];

  out.push('__harmonia_subcommands() {', '  case "$1" in');
  for (const spec of commands) {
    if (spec.subcommands.length === 0) continue;
    const words = spec.subcommands.flatMap((c) => c.names);
    out.push(`    ${pathKeys(spec, root).map((k) => `"${k}"`).join('|')}) echo "${bashWords(words)}" ;;`);
  }
  out.push('  esac', '}', '');

  const globalFlags = [...globals.flatMap((o) => [o.long, ...(o.short ? [o.short] : [])]), '--help', '-h'];
  // --version belongs to the top level only.
  const inheritedFlags = globalFlags.filter((f) => f !== '--version' && f !== '-V');
  out.push('__harmonia_options() {', '  case "$1" in');
  for (const spec of commands) {
    if (spec === root) continue;
    const flags = spec.options.flatMap((o) => [o.long, ...(o.short ? [o.short] : [])]);
    out.push(`    ${pathKeys(spec, root).map((k) => `"${k}"`).join('|')}) echo "${bashWords([...flags, ...inheritedFlags])}" ;;`);
  }
  out.push(`    *) echo "${bashWords(globalFlags)}" ;;`, '  esac', '}', '');

  out.push('# Options that take a value: "<path>:<flag>".', '__harmonia_takes_value() {', '  case "$1:$2" in');
  const globalValued = globals.filter((o) => o.value).flatMap((o) => [o.long, ...(o.short ? [o.short] : [])]);
  if (globalValued.length > 0) out.push(`    ${globalValued.map((f) => `*:${f}`).join('|')}) return 0 ;;`);
  for (const spec of commands) {
    if (spec === root) continue;
    const valued = spec.options.filter((o) => o.value).flatMap((o) => [o.long, ...(o.short ? [o.short] : [])]);
    if (valued.length === 0) continue;
    const patterns = pathKeys(spec, root).flatMap((k) => valued.map((f) => `"${k}:${f}"`));
    out.push(`    ${patterns.join('|')}) return 0 ;;`);
  }
  out.push('  esac', '  return 1', '}', '');

  const valueCase = (value: ValueKind): string => {
    switch (value.kind) {
      case 'words':
        return value.list ? `__harmonia_list "${bashWords(value.words)}"` : `COMPREPLY=($(compgen -W "${bashWords(value.words)}" -- "$cur"))`;
      case 'file':
        return 'compopt -o filenames 2>/dev/null; COMPREPLY=($(compgen -f -- "$cur"))';
      case 'dir':
        return 'compopt -o filenames 2>/dev/null; COMPREPLY=($(compgen -d -- "$cur"))';
      case 'ids':
        return `COMPREPLY=($(compgen -W "$(harmonia __ids${value.status ? ` --status ${value.status}` : ''} "\${ctx[@]}" 2>/dev/null)" -- "$cur"))`;
      case 'free':
        return 'COMPREPLY=()';
    }
  };

  out.push('__harmonia_option_value() {', '  case "$1" in');
  const seen = new Set<string>();
  for (const spec of commands) {
    for (const option of spec.options) {
      if (!option.value || seen.has(option.long)) continue;
      seen.add(option.long);
      out.push(`    ${[option.long, ...(option.short ? [option.short] : [])].join('|')}) ${valueCase(option.value)} ;;`);
    }
  }
  out.push('    *) COMPREPLY=() ;;', '  esac', '}', '');

  out.push('# Positional arguments: "<path>:<index>" (a variadic one takes every later index).', '__harmonia_positional() {', '  case "$1" in');
  for (const spec of commands) {
    spec.positionals.forEach((arg, index) => {
      if (arg.value.kind === 'free') return;
      for (const key of pathKeys(spec, root)) {
        out.push(`    "${key}:${index}"${arg.variadic ? `|"${key}:"[${index + 1}-9]` : ''}) ${valueCase(arg.value)} ;;`);
      }
    });
  }
  for (const { key, words } of configValueChoices()) out.push(`    "config set:1:${key}") COMPREPLY=($(compgen -W "${bashWords(words)}" -- "$cur")) ;;`);
  out.push('    *) COMPREPLY=() ;;', '  esac', '}', '');

  out.push(
    '# Comma-separated values (--type goal,health): complete the item after the last comma.',
    '__harmonia_list() {',
    '  local prefix=""',
    '  [[ $cur == *,* ]] && prefix="${cur%,*},"',
    '  COMPREPLY=($(compgen -P "$prefix" -W "$1" -- "${cur##*,}"))',
    '}',
    '',
    '_harmonia() {',
    '  local cur="${COMP_WORDS[COMP_CWORD]}" prev="${COMP_WORDS[COMP_CWORD-1]}"',
    '  local path="" word sub npos=0 i',
    '  local -a positional=() ctx=()',
    '  for ((i = 1; i < COMP_CWORD; i++)); do',
    '    word="${COMP_WORDS[i]}"',
    '    if [[ $word == -* ]]; then',
    '      if __harmonia_takes_value "$path" "$word" && [[ ${COMP_WORDS[i+1]} != "=" ]]; then',
    '        case "$word" in -u|--user|--data-dir|--config) ctx+=("$word" "${COMP_WORDS[i+1]}") ;; esac',
    '        ((i++))',
    '      elif [[ ${COMP_WORDS[i+1]} == "=" ]]; then',
    '        ((i += 2))',
    '      fi',
    '      continue',
    '    fi',
    '    if ((npos == 0)); then',
    '      for sub in $(__harmonia_subcommands "$path"); do',
    '        if [[ $sub == "$word" ]]; then path="${path:+$path }$word"; continue 2; fi',
    '      done',
    '    fi',
    '    positional+=("$word")',
    '    ((npos++))',
    '  done',
    '  # --format=js splits into "--format" "=" "js" (= is a word break)',
    '  if [[ $prev == "=" ]]; then prev="${COMP_WORDS[COMP_CWORD-2]}"; fi',
    '  if [[ $cur == "=" ]]; then prev="${COMP_WORDS[COMP_CWORD-1]}"; cur=""; fi',
    '  if [[ $prev == -* ]] && __harmonia_takes_value "$path" "$prev"; then',
    '    __harmonia_option_value "$prev"',
    '    return',
    '  fi',
    '  if [[ $cur == -* ]]; then',
    '    COMPREPLY=($(compgen -W "$(__harmonia_options "$path")" -- "$cur"))',
    '    return',
    '  fi',
    '  local subs',
    '  subs="$(__harmonia_subcommands "$path")"',
    '  if [[ -n $subs ]] && ((npos == 0)); then',
    '    COMPREPLY=($(compgen -W "$subs" -- "$cur"))',
    '    return',
    '  fi',
    '  if [[ $path == "config set" && $npos == 1 ]]; then',
    '    __harmonia_positional "config set:1:${positional[0]}"',
    '    return',
    '  fi',
    '  __harmonia_positional "$path:$npos"',
    '}',
    '',
    'complete -F _harmonia harmonia',
    '',
  );
  return out.join('\n');
}

// ---------------------------------------------------------------------------------------------------------------
// zsh

function zshQuote(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/'/g, "'\\''").replace(/\[/g, '(').replace(/\]/g, ')');
}

function zshAction(value: ValueKind): string {
  switch (value.kind) {
    case 'words':
      return value.list ? `_sequence compadd - ${value.words.join(' ')}` : `(${value.words.join(' ')})`;
    case 'file':
      return '_files';
    case 'dir':
      return '_files -/';
    case 'ids':
      return `_harmonia_ids${value.status ? ` --status ${value.status}` : ''}`;
    case 'free':
      return ' ';
  }
}

function zshOption(option: OptionSpec): string {
  const desc = zshQuote(option.description);
  const value = option.value ? `:${option.value.kind === 'free' ? 'value' : option.long.slice(2)}:${zshAction(option.value)}` : '';
  const repeat = option.repeatable ? '*' : '';
  if (option.short) {
    const exclusive = option.repeatable ? '' : `(${option.short} ${option.long})`;
    return `'${exclusive}'${repeat ? `'*'` : ''}{${option.short},${option.long}}'[${desc}]${value}'`;
  }
  return `'${repeat}${option.long}[${desc}]${value}'`;
}

function zshFunctionName(spec: CommandSpec): string {
  return ['_harmonia', ...spec.path].join('_').replace(/[^A-Za-z0-9_]/g, '_');
}

function zshCommand(spec: CommandSpec, out: string[]): void {
  const name = zshFunctionName(spec);
  const options = [...spec.options.map(zshOption), '$_harmonia_global'];
  if (spec.subcommands.length > 0) {
    out.push(`${name}() {`, '  local curcontext="$curcontext" state line', '  local -a commands');
    out.push(`  _arguments -C ${options.join(' ')} '1: :->command' '*:: :->args' && return`);
    out.push('  case $state in', '    command)', '      commands=(');
    for (const sub of spec.subcommands) {
      for (const n of sub.names) out.push(`        '${zshQuote(n)}:${zshQuote(sub.description)}'`);
    }
    out.push('      )', `      _describe -t commands '${['harmonia', ...spec.path].join(' ')} command' commands`, '      ;;', '    args)', '      case $line[1] in');
    for (const sub of spec.subcommands) out.push(`        ${sub.names.join('|')}) ${zshFunctionName(sub)} ;;`);
    out.push('      esac', '      ;;', '  esac', '}', '');
    for (const sub of spec.subcommands) zshCommand(sub, out);
    return;
  }
  const positionals = spec.positionals.map((arg, i) => {
    if (spec.path.join(' ') === 'config set' && arg.name === 'value') return `'${i + 1}:value:_harmonia_config_value'`;
    const action = zshAction(arg.value);
    return arg.variadic ? `'*:${arg.name}:${action}'` : `'${i + 1}:${arg.name}:${action}'`;
  });
  out.push(`${name}() {`, `  _arguments ${[...options, ...positionals].join(' ')}`, '}', '');
}

function zsh(root: CommandSpec): string {
  const out: string[] = ['#compdef harmonia', HEADER('#'), '# Install: harmonia completion zsh > "${fpath[1]}/_harmonia" (or any folder on $fpath), then restart zsh.', ''];
  out.push('_harmonia_ids() {', '  local -a ids', '  ids=(${(f)"$(harmonia __ids "$@" 2>/dev/null)"})', "  _wanted ids expl 'memory id' compadd -a ids", '}', '');
  out.push('_harmonia_config_value() {', '  case $words[2] in');
  for (const { key, words } of configValueChoices()) out.push(`    ${key}) compadd ${words.join(' ')} ;;`);
  out.push('  esac', '}', '');
  out.push(`typeset -ga _harmonia_global`, `_harmonia_global=(`, ...root.options.map((o) => `  ${zshOption(o)}`), `  ${zshOption(HELP)}`, ')', '');
  const top: string[] = [];
  zshCommand({ ...root, options: [] }, top);
  out.push(...top);
  out.push('_harmonia "$@"', '');
  return out.join('\n');
}

// ---------------------------------------------------------------------------------------------------------------
// fish

function fishQuote(text: string): string {
  return `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

function fish(root: CommandSpec): string {
  const commands = allCommands(root);
  const out: string[] = [HEADER('#'), '# Install: harmonia completion fish > ~/.config/fish/completions/harmonia.fish', ''];
  const valued = (spec: CommandSpec): string[] => spec.options.filter((o) => o.value).flatMap((o) => [o.long, ...(o.short ? [o.short] : [])]);

  out.push(
    '# The subcommand path typed so far ("", "list", "config set"), skipping options and their values;',
    '# with --count, how many positional arguments follow it.',
    'function __harmonia_path',
    '    set -l tokens (commandline -opc)',
    '    set -e tokens[1]',
    '    set -l path ""',
    '    set -l skip 0',
    '    set -l count 0',
    '    for token in $tokens',
    '        if test $skip -eq 1',
    '            set skip 0',
    '            continue',
    '        end',
    '        switch $token',
    `            case ${valued(root).join(' ')}`,
    '                set skip 1',
    '                continue',
    '            case "-*"',
    '                if contains -- $token (__harmonia_valued $path)',
    '                    set skip 1',
    '                end',
    '                continue',
    '        end',
    '        if test $count -eq 0; and contains -- $token (__harmonia_subcommands $path)',
    '            set path (string trim -- "$path $token")',
    '        else',
    '            set count (math $count + 1)',
    '        end',
    '    end',
    '    if test "$argv[1]" = --count',
    '        echo $count',
    '    else',
    '        echo $path',
    '    end',
    'end',
    '',
    'function __harmonia_subcommands',
    '    switch "$argv"',
  );
  for (const spec of commands) {
    if (spec.subcommands.length === 0) continue;
    out.push(`        case ${pathKeys(spec, root).map(fishQuote).join(' ')}`, `            printf '%s\\n' ${spec.subcommands.flatMap((c) => c.names).join(' ')}`);
  }
  out.push('    end', 'end', '', 'function __harmonia_valued', '    switch "$argv"');
  for (const spec of commands) {
    if (spec === root || valued(spec).length === 0) continue;
    out.push(`        case ${pathKeys(spec, root).map(fishQuote).join(' ')}`, `            printf '%s\\n' -- ${valued(spec).join(' ')}`);
  }
  out.push(
    '    end',
    'end',
    '',
    'function __harmonia_at',
    '    contains -- (__harmonia_path) $argv',
    'end',
    '',
    'function __harmonia_ids',
    '    set -l tokens (commandline -opc)',
    '    set -l ctx',
    '    for i in (seq (count $tokens))',
    '        switch $tokens[$i]',
    '            case -u --user --data-dir --config',
    '                set -a ctx $tokens[$i] $tokens[(math $i + 1)]',
    '        end',
    '    end',
    '    harmonia __ids $argv $ctx 2>/dev/null',
    'end',
    '',
    'complete -c harmonia -f',
  );

  const optionLine = (condition: string | null, option: OptionSpec): string => {
    const parts = ['complete -c harmonia'];
    if (condition) parts.push(`-n ${fishQuote(condition)}`);
    if (option.short) parts.push(`-s ${option.short.slice(1)}`);
    parts.push(`-l ${option.long.slice(2)}`);
    const value = option.value;
    if (value) {
      if (value.kind === 'file') parts.push('-r -F');
      else if (value.kind === 'dir') parts.push(`-x -a ${fishQuote('(__fish_complete_directories)')}`);
      else if (value.kind === 'words') parts.push(`-x -a ${fishQuote(value.words.join(' '))}`);
      else parts.push('-x');
    }
    parts.push(`-d ${fishQuote(option.description)}`);
    return parts.join(' ');
  };

  out.push('', '# Global options');
  for (const option of [...root.options, HELP]) out.push(optionLine(null, option));
  for (const spec of commands) {
    const at = `__harmonia_at ${pathKeys(spec, root).map((k) => fishQuote(k)).join(' ')}`;
    out.push('', `# ${spec === root ? 'harmonia' : `harmonia ${spec.path.join(' ')}`}`);
    for (const sub of spec.subcommands) {
      for (const n of sub.names) out.push(`complete -c harmonia -n ${fishQuote(at)} -a ${n} -d ${fishQuote(sub.description)}`);
    }
    if (spec !== root) for (const option of spec.options) out.push(optionLine(at, option));
    spec.positionals.forEach((arg, index) => {
      const nth = arg.variadic ? `test (__harmonia_path --count) -ge ${index}` : `test (__harmonia_path --count) -eq ${index}`;
      const condition = `${at}; and ${nth}`;
      if (spec.path.join(' ') === 'config set' && arg.name === 'value') {
        for (const { key, words } of configValueChoices()) {
          out.push(`complete -c harmonia -n ${fishQuote(`${condition}; and contains -- ${key} (commandline -opc)`)} -a ${fishQuote(words.join(' '))}`);
        }
        return;
      }
      const value = arg.value;
      if (value.kind === 'words') out.push(`complete -c harmonia -n ${fishQuote(condition)} -a ${fishQuote(value.words.join(' '))}`);
      else if (value.kind === 'file') out.push(`complete -c harmonia -n ${fishQuote(condition)} -F`);
      else if (value.kind === 'ids') out.push(`complete -c harmonia -n ${fishQuote(condition)} -a ${fishQuote(`(__harmonia_ids${value.status ? ` --status ${value.status}` : ''})`)}`);
    });
  }
  out.push('');
  return out.join('\n');
}

/** The completion script for a shell, from a commander tree (`buildProgram(...)`). */
export function completionScript(shell: Shell, program: Command): string {
  const root = commandSpec(program, []);
  switch (shell) {
    case 'bash':
      return bash(root);
    case 'zsh':
      return zsh(root);
    case 'fish':
      return fish(root);
  }
}

export function completionFileName(shell: Shell): string {
  return { bash: 'harmonia.bash', zsh: '_harmonia', fish: 'harmonia.fish' }[shell];
}
