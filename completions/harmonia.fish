# Shell completion for harmonia. Generated from the command tree by scripts/completions.mjs: do not edit.

# Install: harmonia completion fish > ~/.config/fish/completions/harmonia.fish

# The subcommand path typed so far ("", "list", "config set"), skipping options and their values;
# with --count, how many positional arguments follow it.
function __harmonia_path
    set -l tokens (commandline -opc)
    set -e tokens[1]
    set -l path ""
    set -l skip 0
    set -l count 0
    for token in $tokens
        if test $skip -eq 1
            set skip 0
            continue
        end
        switch $token
            case --user -u --data-dir --config --tz --format
                set skip 1
                continue
            case "-*"
                if contains -- $token (__harmonia_valued $path)
                    set skip 1
                end
                continue
        end
        if test $count -eq 0; and contains -- $token (__harmonia_subcommands $path)
            set path (string trim -- "$path $token")
        else
            set count (math $count + 1)
        end
    end
    if test "$argv[1]" = --count
        echo $count
    else
        echo $path
    end
end

function __harmonia_subcommands
    switch "$argv"
        case ''
            printf '%s\n' remember list ls show rm restore export search import doctor config completion conflicts
        case 'config'
            printf '%s\n' get set unset list path
        case 'conflicts'
            printf '%s\n' list show resolve dismiss undo policy
        case 'conflicts policy'
            printf '%s\n' show set unset
    end
end

function __harmonia_valued
    switch "$argv"
        case 'remember'
            printf '%s\n' -- --at --extractor --model --ollama-host --session --source --on-conflict --judge --concurrency
        case 'list' 'ls'
            printf '%s\n' -- --type --category --since --until --event-after --event-before --min-confidence --status --sort --limit --offset
        case 'export'
            printf '%s\n' -- --type --category --since --until --event-after --event-before --min-confidence --status --output -o
        case 'search'
            printf '%s\n' -- --type --category --since --until --event-after --event-before --min-confidence --status --limit --offset
        case 'conflicts resolve'
            printf '%s\n' -- --strategy
        case 'conflicts policy set'
            printf '%s\n' -- --type --category
        case 'conflicts policy unset'
            printf '%s\n' -- --type --category
    end
end

function __harmonia_at
    contains -- (__harmonia_path) $argv
end

function __harmonia_ids
    set -l tokens (commandline -opc)
    set -l ctx
    for i in (seq (count $tokens))
        switch $tokens[$i]
            case -u --user --data-dir --config
                set -a ctx $tokens[$i] $tokens[(math $i + 1)]
        end
    end
    harmonia __ids $argv $ctx 2>/dev/null
end

complete -c harmonia -f

# Global options
complete -c harmonia -s V -l version -d 'print the version'
complete -c harmonia -s u -l user -x -d 'whose memories (default: $HARMONIA_USER, else your OS user name)'
complete -c harmonia -l data-dir -x -a '(__fish_complete_directories)' -d 'data directory (default: $HARMONIA_HOME, else $XDG_DATA_HOME/harmonia)'
complete -c harmonia -l config -r -F -d 'config file (default: $HARMONIA_CONFIG, else $XDG_CONFIG_HOME/harmonia/config.json)'
complete -c harmonia -l tz -x -d 'IANA time zone (default: $HARMONIA_TZ, $TZ, config, system)'
complete -c harmonia -l format -x -a 'table json ndjson csv tsv md text' -d 'output format (default: table on a terminal, else json)'
complete -c harmonia -l json -d 'shorthand for --format json'
complete -c harmonia -l no-color -d 'never colour the output'
complete -c harmonia -s q -l quiet -d 'no notices on stderr'
complete -c harmonia -l debug -d 'stack traces on errors'
complete -c harmonia -s h -l help -d 'show help'

# harmonia
complete -c harmonia -n '__harmonia_at \'\'' -a remember -d 'turn a message into memories (the message is the arguments, else stdin)'
complete -c harmonia -n '__harmonia_at \'\'' -a list -d 'list memories, newest first'
complete -c harmonia -n '__harmonia_at \'\'' -a ls -d 'list memories, newest first'
complete -c harmonia -n '__harmonia_at \'\'' -a show -d 'one memory with its history, source message, links and conflicts'
complete -c harmonia -n '__harmonia_at \'\'' -a rm -d 'delete memories (soft: kept in history; --purge erases them for good)'
complete -c harmonia -n '__harmonia_at \'\'' -a restore -d 'undo a soft delete'
complete -c harmonia -n '__harmonia_at \'\'' -a export -d 'write memories out: --format json (default), ndjson, csv, md or text; streams, so any size works'
complete -c harmonia -n '__harmonia_at \'\'' -a search -d 'full-text search over your memories, best match first (any text is a valid query)'
complete -c harmonia -n '__harmonia_at \'\'' -a import -d 'read memories back from an export (JSON, NDJSON or CSV); ids already there are skipped, never duplicated'
complete -c harmonia -n '__harmonia_at \'\'' -a doctor -d 'check the installation, the configuration, every user database and the Ollama server'
complete -c harmonia -n '__harmonia_at \'\'' -a config -d 'read and write the config file (dotted keys: ollama.host, extractor, timezone, ...)'
complete -c harmonia -n '__harmonia_at \'\'' -a completion -d 'print the shell completion script for bash, zsh or fish'
complete -c harmonia -n '__harmonia_at \'\'' -a conflicts -d 'the review queue: duplicates, updates and contradictions found when remembering'

# harmonia remember
complete -c harmonia -n '__harmonia_at \'remember\'' -l batch -d 'read NDJSON from stdin: {"message", "at"?, "source"?, "session"?, "user"?} per line'
complete -c harmonia -n '__harmonia_at \'remember\'' -l retry -d 'process the messages left pending by a failed extraction again'
complete -c harmonia -n '__harmonia_at \'remember\'' -l at -x -d 'reference time for relative expressions (ISO or natural language; default now)'
complete -c harmonia -n '__harmonia_at \'remember\'' -l extractor -x -a 'auto ollama rules raw' -d 'who extracts the facts (default: auto)'
complete -c harmonia -n '__harmonia_at \'remember\'' -l model -x -d 'Ollama model (default: $HARMONIA_MODEL, config, llama3.2:3b)'
complete -c harmonia -n '__harmonia_at \'remember\'' -l ollama-host -x -d 'Ollama server (default: $OLLAMA_HOST, config, http://127.0.0.1:11434)'
complete -c harmonia -n '__harmonia_at \'remember\'' -l session -x -d 'conversation or session the message belongs to'
complete -c harmonia -n '__harmonia_at \'remember\'' -l source -x -d 'where the message came from; the same source and text are remembered once'
complete -c harmonia -n '__harmonia_at \'remember\'' -l on-conflict -x -a 'auto ask update replace merge link create_new keep_both archive_old' -d 'auto, ask, or a strategy: update, replace, merge, link, create_new, keep_both, archive_old'
complete -c harmonia -n '__harmonia_at \'remember\'' -l judge -x -a 'rules llm' -d 'who classifies conflicts: rules (default) or llm (the Ollama model)'
complete -c harmonia -n '__harmonia_at \'remember\'' -l concurrency -x -d 'LLM requests in flight during --batch (default: config, 4)'
complete -c harmonia -n '__harmonia_at \'remember\'' -l dry-run -d 'extract and check conflicts, store nothing'
complete -c harmonia -n '__harmonia_at \'remember\'' -l keep-secrets -d 'store API keys, tokens, passwords and card numbers as written (default: redact them)'

# harmonia list
complete -c harmonia -n '__harmonia_at \'list\' \'ls\'' -l type -x -a 'personal factual relational preference temporal emotional goal skill health professional procedural episodic' -d 'only these memory types (repeatable, comma-separated)'
complete -c harmonia -n '__harmonia_at \'list\' \'ls\'' -l category -x -d 'only this category and its children (repeatable)'
complete -c harmonia -n '__harmonia_at \'list\' \'ls\'' -l since -x -d 'remembered at or after (ISO or natural language: "last week")'
complete -c harmonia -n '__harmonia_at \'list\' \'ls\'' -l until -x -d 'remembered before'
complete -c harmonia -n '__harmonia_at \'list\' \'ls\'' -l event-after -x -d 'happens at or after'
complete -c harmonia -n '__harmonia_at \'list\' \'ls\'' -l event-before -x -d 'happens before'
complete -c harmonia -n '__harmonia_at \'list\' \'ls\'' -l min-confidence -x -d 'confidence at least n (0-1)'
complete -c harmonia -n '__harmonia_at \'list\' \'ls\'' -l status -x -a 'active archived superseded deleted all' -d 'active (default), archived, superseded, deleted or all (repeatable)'
complete -c harmonia -n '__harmonia_at \'list\' \'ls\'' -l sort -x -a 'created updated event confidence' -d 'sort by (default: created)'
complete -c harmonia -n '__harmonia_at \'list\' \'ls\'' -l asc -d 'oldest / lowest first'
complete -c harmonia -n '__harmonia_at \'list\' \'ls\'' -l limit -x -d 'at most n memories (default 50)'
complete -c harmonia -n '__harmonia_at \'list\' \'ls\'' -l offset -x -d 'skip the first n'
complete -c harmonia -n '__harmonia_at \'list\' \'ls\'' -l all -d 'no limit'
complete -c harmonia -n '__harmonia_at \'list\' \'ls\'' -l upcoming -d 'events from now on, soonest first'

# harmonia show
complete -c harmonia -n '__harmonia_at \'show\'; and test (__harmonia_path --count) -eq 0' -a '(__harmonia_ids --status all)'

# harmonia rm
complete -c harmonia -n '__harmonia_at \'rm\'' -l purge -d 'erase the text for good: row, history and index'
complete -c harmonia -n '__harmonia_at \'rm\'' -l all -d 'every memory of the user (with --purge: the user\'s whole file)'
complete -c harmonia -n '__harmonia_at \'rm\'' -s y -l yes -d 'do not ask for confirmation'
complete -c harmonia -n '__harmonia_at \'rm\'; and test (__harmonia_path --count) -ge 0' -a '(__harmonia_ids)'

# harmonia restore
complete -c harmonia -n '__harmonia_at \'restore\'; and test (__harmonia_path --count) -eq 0' -a '(__harmonia_ids --status deleted,archived,superseded)'

# harmonia export
complete -c harmonia -n '__harmonia_at \'export\'' -l type -x -a 'personal factual relational preference temporal emotional goal skill health professional procedural episodic' -d 'only these memory types (repeatable, comma-separated)'
complete -c harmonia -n '__harmonia_at \'export\'' -l category -x -d 'only this category and its children (repeatable)'
complete -c harmonia -n '__harmonia_at \'export\'' -l since -x -d 'remembered at or after (ISO or natural language: "last week")'
complete -c harmonia -n '__harmonia_at \'export\'' -l until -x -d 'remembered before'
complete -c harmonia -n '__harmonia_at \'export\'' -l event-after -x -d 'happens at or after'
complete -c harmonia -n '__harmonia_at \'export\'' -l event-before -x -d 'happens before'
complete -c harmonia -n '__harmonia_at \'export\'' -l min-confidence -x -d 'confidence at least n (0-1)'
complete -c harmonia -n '__harmonia_at \'export\'' -l status -x -a 'active archived superseded deleted all' -d 'active (default), archived, superseded, deleted or all (repeatable)'
complete -c harmonia -n '__harmonia_at \'export\'' -s o -l output -r -F -d 'write to this file (atomically: a reader never sees half of it; mode 0600) instead of stdout'
complete -c harmonia -n '__harmonia_at \'export\'' -l include-deleted -d 'also export deleted memories (default: everything else: active, archived, superseded)'
complete -c harmonia -n '__harmonia_at \'export\'' -l include-history -d 'add each memory\'s history (json, ndjson, md)'

# harmonia search
complete -c harmonia -n '__harmonia_at \'search\'' -l type -x -a 'personal factual relational preference temporal emotional goal skill health professional procedural episodic' -d 'only these memory types (repeatable, comma-separated)'
complete -c harmonia -n '__harmonia_at \'search\'' -l category -x -d 'only this category and its children (repeatable)'
complete -c harmonia -n '__harmonia_at \'search\'' -l since -x -d 'remembered at or after (ISO or natural language: "last week")'
complete -c harmonia -n '__harmonia_at \'search\'' -l until -x -d 'remembered before'
complete -c harmonia -n '__harmonia_at \'search\'' -l event-after -x -d 'happens at or after'
complete -c harmonia -n '__harmonia_at \'search\'' -l event-before -x -d 'happens before'
complete -c harmonia -n '__harmonia_at \'search\'' -l min-confidence -x -d 'confidence at least n (0-1)'
complete -c harmonia -n '__harmonia_at \'search\'' -l status -x -a 'active archived superseded deleted all' -d 'active (default), archived, superseded, deleted or all (repeatable)'
complete -c harmonia -n '__harmonia_at \'search\'' -l limit -x -d 'at most n memories (default 10)'
complete -c harmonia -n '__harmonia_at \'search\'' -l offset -x -d 'skip the first n'

# harmonia import
complete -c harmonia -n '__harmonia_at \'import\'' -l dry-run -d 'check every record and say what would be imported; write nothing'
complete -c harmonia -n '__harmonia_at \'import\'; and test (__harmonia_path --count) -eq 0' -F

# harmonia doctor
complete -c harmonia -n '__harmonia_at \'doctor\'' -l fix -d 'make the safe repairs: rebuild the full-text index, migrate, tighten permissions to 0700/0600'

# harmonia config
complete -c harmonia -n '__harmonia_at \'config\'' -a get -d 'the effective value of a key (environment > config file > default)'
complete -c harmonia -n '__harmonia_at \'config\'' -a set -d 'write a key to the config file (validated; the file is replaced atomically, mode 0600)'
complete -c harmonia -n '__harmonia_at \'config\'' -a unset -d 'remove a key from the config file (its default applies again)'
complete -c harmonia -n '__harmonia_at \'config\'' -a list -d 'every setting: its effective value and where it comes from (default, file, env)'
complete -c harmonia -n '__harmonia_at \'config\'' -a path -d 'where the config file is (whether or not it exists)'

# harmonia config get
complete -c harmonia -n '__harmonia_at \'config get\'; and test (__harmonia_path --count) -eq 0' -a 'ollama.host ollama.model ollama.timeoutMs ollama.probeTimeoutMs ollama.concurrency extractor timezone format conflicts.policy storage.busyTimeoutMs limits.maxMessageBytes secrets.redact'

# harmonia config set
complete -c harmonia -n '__harmonia_at \'config set\'; and test (__harmonia_path --count) -eq 0' -a 'ollama.host ollama.model ollama.timeoutMs ollama.probeTimeoutMs ollama.concurrency extractor timezone format conflicts.policy storage.busyTimeoutMs limits.maxMessageBytes secrets.redact'
complete -c harmonia -n '__harmonia_at \'config set\'; and test (__harmonia_path --count) -eq 1; and contains -- extractor (commandline -opc)' -a 'auto ollama rules raw'
complete -c harmonia -n '__harmonia_at \'config set\'; and test (__harmonia_path --count) -eq 1; and contains -- format (commandline -opc)' -a 'table json ndjson csv tsv'
complete -c harmonia -n '__harmonia_at \'config set\'; and test (__harmonia_path --count) -eq 1; and contains -- conflicts.policy (commandline -opc)' -a 'auto ask update replace merge link create_new keep_both archive_old'
complete -c harmonia -n '__harmonia_at \'config set\'; and test (__harmonia_path --count) -eq 1; and contains -- secrets.redact (commandline -opc)' -a 'true false'

# harmonia config unset
complete -c harmonia -n '__harmonia_at \'config unset\'; and test (__harmonia_path --count) -eq 0' -a 'ollama.host ollama.model ollama.timeoutMs ollama.probeTimeoutMs ollama.concurrency extractor timezone format conflicts.policy storage.busyTimeoutMs limits.maxMessageBytes secrets.redact'

# harmonia config list

# harmonia config path

# harmonia completion
complete -c harmonia -n '__harmonia_at \'completion\'; and test (__harmonia_path --count) -eq 0' -a 'bash zsh fish'

# harmonia conflicts
complete -c harmonia -n '__harmonia_at \'conflicts\'' -a list -d 'pending conflicts, oldest first (--all: every conflict, applied, dismissed and undone too)'
complete -c harmonia -n '__harmonia_at \'conflicts\'' -a show -d 'one conflict: both memories, kind, similarity, why, what was done'
complete -c harmonia -n '__harmonia_at \'conflicts\'' -a resolve -d 'apply a strategy to a pending (or undone) conflict; default: the suggested one'
complete -c harmonia -n '__harmonia_at \'conflicts\'' -a dismiss -d 'close a pending conflict without applying anything (the new memory is not stored)'
complete -c harmonia -n '__harmonia_at \'conflicts\'' -a undo -d 'reverse an applied resolution, automatic ones included: memories go back to their exact previous state'
complete -c harmonia -n '__harmonia_at \'conflicts\'' -a policy -d 'show or change this user\'s conflict policy'

# harmonia conflicts list
complete -c harmonia -n '__harmonia_at \'conflicts list\'' -l all -d 'every conflict, whatever its status'

# harmonia conflicts show

# harmonia conflicts resolve
complete -c harmonia -n '__harmonia_at \'conflicts resolve\'' -l strategy -x -a 'update replace merge link create_new keep_both archive_old' -d 'update, replace, merge, link, create_new, keep_both, archive_old (or skip)'
complete -c harmonia -n '__harmonia_at \'conflicts resolve\'' -l all -d 'every pending conflict, each with its suggested strategy (or --strategy)'

# harmonia conflicts dismiss

# harmonia conflicts undo

# harmonia conflicts policy
complete -c harmonia -n '__harmonia_at \'conflicts policy\'' -a show -d 'the policy in force: the default and each override'
complete -c harmonia -n '__harmonia_at \'conflicts policy\'' -a set -d 'set the default (or a --type / --category override) to auto, ask or a strategy'
complete -c harmonia -n '__harmonia_at \'conflicts policy\'' -a unset -d 'remove the default (or a --type / --category override)'

# harmonia conflicts policy show

# harmonia conflicts policy set
complete -c harmonia -n '__harmonia_at \'conflicts policy set\'' -l type -x -a 'personal factual relational preference temporal emotional goal skill health professional procedural episodic' -d 'only for memories of this type'
complete -c harmonia -n '__harmonia_at \'conflicts policy set\'' -l category -x -d 'only for this category and its children'

# harmonia conflicts policy unset
complete -c harmonia -n '__harmonia_at \'conflicts policy unset\'' -l type -x -a 'personal factual relational preference temporal emotional goal skill health professional procedural episodic' -d 'the type override to remove'
complete -c harmonia -n '__harmonia_at \'conflicts policy unset\'' -l category -x -d 'the category override to remove'
