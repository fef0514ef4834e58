import { Command, Option } from 'commander';
import { CommandContext, OUTPUT_FORMATS, type GlobalOptions } from './context.js';
import type { Io } from './io.js';
import { packageVersion } from './package-root.js';

/**
 * The commander tree: every command, its options and help examples. Each command's work lives in
 * `commands/<name>.ts` and is imported only when that command runs, so `harmonia list` never loads the extractors.
 */

/** What every `commands/<name>.ts` exports. */
export interface CommandModule {
  run(ctx: CommandContext, options: Record<string, unknown>, ...args: unknown[]): Promise<void>;
}

function examples(...lines: string[]): string {
  return `\nExamples:\n${lines.map((l) => `  $ ${l}`).join('\n')}\n`;
}

/** Repeatable, comma-separated list options: --type goal,health --type skill. */
function collect(value: string, previous: string[] = []): string[] {
  return [...previous, ...value.split(',').map((v) => v.trim()).filter((v) => v !== '')];
}

/** The filters `list`, `search` and `export` share (SPEC `search`). */
export function addMemoryFilters(command: Command): Command {
  return command
    .option('--type <type>', 'only these memory types (repeatable, comma-separated)', collect)
    .option('--category <path>', 'only this category and its children (repeatable)', collect)
    .option('--since <time>', 'remembered at or after (ISO or natural language: "last week")')
    .option('--until <time>', 'remembered before')
    .option('--event-after <time>', 'happens at or after')
    .option('--event-before <time>', 'happens before')
    .option('--min-confidence <n>', 'confidence at least n (0-1)')
    .option('--status <status>', 'active (default), archived, superseded, deleted or all (repeatable)', collect);
}

export interface ProgramHooks {
  /** Receives the context the running command uses, so the caller can close it and read its exit code. */
  onContext(ctx: CommandContext): void;
}

export function buildProgram(io: Io, hooks: ProgramHooks): Command {
  const program = new Command('harmonia');

  /** The action of a command whose module is imported only when it runs. */
  const lazy =
    (load: () => Promise<unknown>) =>
    async (...args: unknown[]): Promise<void> => {
      const command = args[args.length - 1] as Command;
      const ctx = new CommandContext(io, command.optsWithGlobals() as GlobalOptions);
      hooks.onContext(ctx);
      ctx.checkGlobals();
      const module = (await load()) as CommandModule;
      await module.run(ctx, command.opts(), ...args.slice(0, -2));
    };

  program
    .description('Private, local, long-term memory for chat LLM tools.')
    .version(packageVersion(), '-V, --version', 'print the version')
    .helpOption('-h, --help', 'show help')
    .exitOverride()
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
      // Errors are printed by main.ts in the contract's one-line form.
      outputError: () => undefined,
    })
    .option('-u, --user <id>', 'whose memories (default: $HARMONIA_USER, else your OS user name)')
    .option('--data-dir <dir>', 'data directory (default: $HARMONIA_HOME, else $XDG_DATA_HOME/harmonia)')
    .option('--config <file>', 'config file (default: $HARMONIA_CONFIG, else $XDG_CONFIG_HOME/harmonia/config.json)')
    .option('--tz <zone>', 'IANA time zone (default: $HARMONIA_TZ, $TZ, config, system)')
    .addOption(
      // md and text are export-only; each command checks the formats it prints (CommandContext.format).
      new Option('--format <format>', 'output format (default: table on a terminal, else json)').choices([...OUTPUT_FORMATS, 'md', 'text']),
    )
    .option('--json', 'shorthand for --format json')
    .option('--no-color', 'never colour the output')
    .option('-q, --quiet', 'no notices on stderr')
    .option('--debug', 'stack traces on errors')
    .addHelpText(
      'after',
      examples(
        'echo "I have a dog called Biggie" | harmonia remember',
        'harmonia search "dog" --json',
        'harmonia list --type preference --since "last week"',
        'harmonia show mem_01j9x3',
      ),
    );

  program
    .command('remember')
    .description('turn a message into memories (the message is the arguments, else stdin)')
    .argument('[message...]', 'the message; `-` or nothing reads stdin')
    .option('--batch', 'read NDJSON from stdin: {"message", "at"?, "source"?, "session"?, "user"?} per line')
    .option('--retry', 'process the messages left pending by a failed extraction again')
    .option('--at <time>', 'reference time for relative expressions (ISO or natural language; default now)')
    .addOption(new Option('--extractor <kind>', 'who extracts the facts (default: auto)').choices(['auto', 'ollama', 'rules', 'raw']))
    .option('--model <name>', 'Ollama model (default: $HARMONIA_MODEL, config, llama3.2:3b)')
    .option('--ollama-host <url>', 'Ollama server (default: $OLLAMA_HOST, config, http://127.0.0.1:11434)')
    .option('--session <id>', 'conversation or session the message belongs to')
    .option('--source <ref>', 'where the message came from; the same source and text are remembered once')
    .option('--on-conflict <strategy>', 'auto, ask, or a strategy: update, replace, merge, link, create_new, keep_both, archive_old')
    .addOption(new Option('--judge <how>', 'who classifies conflicts: rules (default) or llm (the Ollama model)').choices(['rules', 'llm']))
    .option('--concurrency <n>', 'LLM requests in flight during --batch (default: config, 4)')
    .option('--dry-run', 'extract and check conflicts, store nothing')
    .option('--keep-secrets', 'store API keys, tokens, passwords and card numbers as written (default: redact them)')
    .addHelpText(
      'after',
      examples(
        'harmonia remember "My name is Jason and I have a dog called Biggie"',
        'echo "I have a meeting tomorrow at 2pm" | harmonia remember --tz America/New_York',
        'harmonia remember --extractor raw --source chat:42 "Biggie loves his yellow ball"',
        'cat messages.ndjson | harmonia remember --batch --format ndjson',
        'harmonia remember --retry',
      ),
    )
    .action(lazy(() => import('./commands/remember.js')));

  addMemoryFilters(
    program
      .command('list')
      .alias('ls')
      .description('list memories, newest first'),
  )
    .addOption(new Option('--sort <key>', 'sort by (default: created)').choices(['created', 'updated', 'event', 'confidence']))
    .option('--asc', 'oldest / lowest first')
    .option('--limit <n>', 'at most n memories (default 50)')
    .option('--offset <n>', 'skip the first n')
    .option('--all', 'no limit')
    .option('--upcoming', 'events from now on, soonest first')
    .addHelpText(
      'after',
      examples(
        'harmonia list',
        'harmonia list --type preference,health --limit 10',
        'harmonia list --category pets --since 2024-08-01 --json',
        'harmonia list --upcoming',
        'harmonia list --status deleted --format csv',
      ),
    )
    .action(lazy(() => import('./commands/list.js')));

  program
    .command('show')
    .description('one memory with its history, source message, links and conflicts')
    .argument('<id>', 'memory id or a unique prefix of it')
    .addHelpText('after', examples('harmonia show mem_01j9x3k2p8qz', 'harmonia show 01j9x3 --json'))
    .action(lazy(() => import('./commands/show.js')));

  program
    .command('rm')
    .description('delete memories (soft: kept in history; --purge erases them for good)')
    .argument('[ids...]', 'memory ids or unique prefixes')
    .option('--purge', 'erase the text for good: row, history and index')
    .option('--all', "every memory of the user (with --purge: the user's whole file)")
    .option('-y, --yes', 'do not ask for confirmation')
    .addHelpText(
      'after',
      examples('harmonia rm mem_01j9x3k2p8qz', 'harmonia rm 01j9x3 01j9x4 --purge', 'harmonia rm --all --yes', 'harmonia rm --all --purge --yes'),
    )
    .action(lazy(() => import('./commands/rm.js')));

  program
    .command('restore')
    .description('undo a soft delete')
    .argument('<id>', 'memory id or a unique prefix of it')
    .addHelpText('after', examples('harmonia restore mem_01j9x3k2p8qz'))
    .action(lazy(() => import('./commands/restore.js')));

  addMemoryFilters(
    program
      .command('export')
      .description('write memories out: --format json (default), ndjson, csv, md or text; streams, so any size works'),
  )
    .option('-o, --output <file>', 'write to this file (atomically: a reader never sees half of it; mode 0600) instead of stdout')
    .option('--include-deleted', 'also export deleted memories (default: everything else: active, archived, superseded)')
    .option('--include-history', 'add each memory\'s history (json, ndjson, md)')
    .addHelpText(
      'after',
      '\nThe format follows --format, else the -o file\'s extension (.json .ndjson .jsonl .csv .md .txt), else json.\n' +
        'Exports every memory but deleted ones (active, archived, superseded) unless --status says otherwise.\n' +
        examples(
          'harmonia export -o memories.json',
          'harmonia export --include-deleted --include-history -o backup.json',
          'harmonia export --format ndjson --type preference | jq -r .content',
          'harmonia export --format csv --since 2024-08-01 > memories.csv',
          'harmonia export --format md -o memories.md',
        ),
    )
    .action(lazy(() => import('./commands/export.js')));

  addMemoryFilters(
    program
      .command('search')
      .description('full-text search over your memories, best match first (any text is a valid query)')
      .argument('<query...>', 'words, "quoted phrases", prefix* ; a question works too'),
  )
    .option('--limit <n>', 'at most n memories (default 10)')
    .option('--offset <n>', 'skip the first n')
    .addHelpText(
      'after',
      '\nEach result adds "score" (higher is better) and "snippet" (matched terms between ** **, bold in a terminal).\n' +
        examples(
          'harmonia search dog',
          'harmonia search "When did I go to the support group?"',
          'harmonia search \'"oat milk"\' --type preference --json',
          'harmonia search garden* --since "last month" --limit 20',
          'harmonia search allergy --category health --format csv',
        ),
    )
    .action(lazy(() => import('./commands/search.js')));

  program
    .command('import')
    .description('read memories back from an export (JSON, NDJSON or CSV); ids already there are skipped, never duplicated')
    .argument('<file>', 'the export; `-` reads stdin')
    .option('--dry-run', 'check every record and say what would be imported; write nothing')
    .addHelpText(
      'after',
      '\nIds, times, versions, statuses, history and source messages are kept. Bad records are reported on stderr\n' +
        '(`harmonia: record 12: ...`) and skipped; the others are imported and the exit code is 2.\n' +
        examples(
          'harmonia import memories.json',
          'harmonia import --dry-run backup.json',
          'harmonia export -u alice | harmonia import -u alice-copy -',
          'harmonia import memories.csv',
        ),
    )
    .action(lazy(() => import('./commands/import.js')));

  program
    .command('doctor')
    .description('check the installation, the configuration, every user database and the Ollama server')
    .option('--fix', 'make the safe repairs: rebuild the full-text index, migrate, tighten permissions to 0700/0600')
    .addHelpText(
      'after',
      '\nEach check is ok, warn or fail, with a one-line fix. Exit 1 when any check fails.\n' +
        examples('harmonia doctor', 'harmonia doctor --json | jq \'.checks[] | select(.status != "ok")\'', 'harmonia doctor --fix'),
    )
    .action(lazy(() => import('./commands/doctor.js')));

  const config = program
    .command('config')
    .description('read and write the config file (dotted keys: ollama.host, extractor, timezone, ...)')
    .addHelpText(
      'after',
      examples(
        'harmonia config list',
        'harmonia config get ollama.model',
        'harmonia config set ollama.host http://127.0.0.1:11434',
        'harmonia config set timezone Europe/Paris',
        'harmonia config unset extractor',
        'harmonia config path',
      ),
    );
  config
    .command('get')
    .description('the effective value of a key (environment > config file > default)')
    .argument('<key>', 'a dotted key, e.g. ollama.model')
    .action(lazy(() => import('./commands/config/get.js')));
  config
    .command('set')
    .description('write a key to the config file (validated; the file is replaced atomically, mode 0600)')
    .argument('<key>', 'a dotted key, e.g. ollama.model')
    .argument('<value>', 'numbers, true/false and choices are checked against the schema')
    .action(lazy(() => import('./commands/config/set.js')));
  config
    .command('unset')
    .description('remove a key from the config file (its default applies again)')
    .argument('<key>', 'a dotted key, e.g. ollama.model')
    .action(lazy(() => import('./commands/config/unset.js')));
  config
    .command('list')
    .description('every setting: its effective value and where it comes from (default, file, env)')
    .action(lazy(() => import('./commands/config/list.js')));
  config
    .command('path')
    .description('where the config file is (whether or not it exists)')
    .action(lazy(() => import('./commands/config/path.js')));

  program
    .command('completion')
    .description('print the shell completion script for bash, zsh or fish')
    .argument('<shell>', 'bash, zsh or fish')
    .addHelpText(
      'after',
      examples(
        'harmonia completion bash > ~/.local/share/bash-completion/completions/harmonia',
        'harmonia completion zsh > "${fpath[1]}/_harmonia"',
        'harmonia completion fish > ~/.config/fish/completions/harmonia.fish',
      ),
    )
    .action(lazy(() => import('./commands/completion.js')));

  // Hidden: memory ids for shell completion (the newest 2000 active ones, or --status ...).
  program
    .command('__ids', { hidden: true })
    .option('--status <status>', 'statuses (comma-separated) or all', (value: string, previous: string[] = []) => [...previous, ...value.split(',')])
    .action(lazy(() => import('./commands/ids.js')));

  const conflicts = program
    .command('conflicts')
    .description('the review queue: duplicates, updates and contradictions found when remembering')
    .addHelpText(
      'after',
      '\nPolicy auto (default): duplicates are skipped (the old memory is refreshed), updates and contradictions\n' +
        'update the old memory in place, related memories are linked. Strategies: update, replace, merge, link,\n' +
        'create_new, keep_both, archive_old.\n' +
        examples(
          'harmonia conflicts',
          'harmonia conflicts list --all --json',
          'harmonia conflicts show cfl_01j9x3',
          'harmonia conflicts resolve cfl_01j9x3 --strategy keep_both',
          'harmonia conflicts resolve --all',
          'harmonia conflicts undo cfl_01j9x3',
          'harmonia conflicts policy set ask --category health',
        ),
    );
  conflicts
    .command('list', { isDefault: true })
    .description('pending conflicts, oldest first (--all: every conflict, applied, dismissed and undone too)')
    .option('--all', 'every conflict, whatever its status')
    .addHelpText('after', examples('harmonia conflicts list', 'harmonia conflicts list --all --format ndjson'))
    .action(lazy(() => import('./commands/conflicts/list.js')));
  conflicts
    .command('show')
    .description('one conflict: both memories, kind, similarity, why, what was done')
    .argument('<id>', 'conflict id or a unique prefix of it')
    .addHelpText('after', examples('harmonia conflicts show cfl_01j9x3k2p8qz', 'harmonia conflicts show 01j9x3 --json'))
    .action(lazy(() => import('./commands/conflicts/show.js')));
  conflicts
    .command('resolve')
    .description('apply a strategy to a pending (or undone) conflict; default: the suggested one')
    .argument('[id]', 'conflict id or a unique prefix of it')
    .option('--strategy <strategy>', 'update, replace, merge, link, create_new, keep_both, archive_old (or skip)')
    .option('--all', 'every pending conflict, each with its suggested strategy (or --strategy)')
    .addHelpText(
      'after',
      examples('harmonia conflicts resolve cfl_01j9x3', 'harmonia conflicts resolve 01j9x3 --strategy replace', 'harmonia conflicts resolve --all'),
    )
    .action(lazy(() => import('./commands/conflicts/resolve.js')));
  conflicts
    .command('dismiss')
    .description('close a pending conflict without applying anything (the new memory is not stored)')
    .argument('<id>', 'conflict id or a unique prefix of it')
    .addHelpText('after', examples('harmonia conflicts dismiss cfl_01j9x3'))
    .action(lazy(() => import('./commands/conflicts/dismiss.js')));
  conflicts
    .command('undo')
    .description('reverse an applied resolution, automatic ones included: memories go back to their exact previous state')
    .argument('<id>', 'conflict id or a unique prefix of it')
    .addHelpText('after', examples('harmonia conflicts undo cfl_01j9x3', 'harmonia conflicts list --all   # find applied ones'))
    .action(lazy(() => import('./commands/conflicts/undo.js')));
  const policy = conflicts
    .command('policy')
    .description("show or change this user's conflict policy")
    .addHelpText(
      'after',
      '\nMost specific first: --category (its children included) > --type > the user default > config conflicts.policy.\n' +
        '--on-conflict on remember beats them all.\n' +
        examples(
          'harmonia conflicts policy',
          'harmonia conflicts policy set ask',
          'harmonia conflicts policy set keep_both --type health',
          'harmonia conflicts policy set replace --category location',
          'harmonia conflicts policy unset --category location',
        ),
    );
  policy
    .command('show', { isDefault: true })
    .description('the policy in force: the default and each override')
    .action(lazy(() => import('./commands/conflicts/policy.js')));
  policy
    .command('set')
    .description('set the default (or a --type / --category override) to auto, ask or a strategy')
    .argument('<strategy>', 'auto, ask, update, replace, merge, link, create_new, keep_both, archive_old')
    .option('--type <type>', 'only for memories of this type')
    .option('--category <path>', 'only for this category and its children')
    .action(lazy(() => import('./commands/conflicts/policy-set.js')));
  policy
    .command('unset')
    .description('remove the default (or a --type / --category override)')
    .option('--type <type>', 'the type override to remove')
    .option('--category <path>', 'the category override to remove')
    .action(lazy(() => import('./commands/conflicts/policy-unset.js')));

  return program;
}
