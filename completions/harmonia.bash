# Shell completion for harmonia. Generated from the command tree by scripts/completions.mjs: do not edit.

# Install: harmonia completion bash > ~/.local/share/bash-completion/completions/harmonia

__harmonia_subcommands() {
  case "$1" in
    "") echo "remember list ls show rm restore export search import doctor config completion conflicts" ;;
    "config") echo "get set unset list path" ;;
    "conflicts") echo "list show resolve dismiss undo policy" ;;
    "conflicts policy") echo "show set unset" ;;
  esac
}

__harmonia_options() {
  case "$1" in
    "remember") echo "--batch --retry --at --extractor --model --ollama-host --session --source --on-conflict --judge --concurrency --dry-run --keep-secrets --user -u --data-dir --config --tz --format --json --no-color --quiet -q --debug --help -h" ;;
    "list"|"ls") echo "--type --category --since --until --event-after --event-before --min-confidence --status --sort --asc --limit --offset --all --upcoming --user -u --data-dir --config --tz --format --json --no-color --quiet -q --debug --help -h" ;;
    "show") echo "--user -u --data-dir --config --tz --format --json --no-color --quiet -q --debug --help -h" ;;
    "rm") echo "--purge --all --yes -y --user -u --data-dir --config --tz --format --json --no-color --quiet -q --debug --help -h" ;;
    "restore") echo "--user -u --data-dir --config --tz --format --json --no-color --quiet -q --debug --help -h" ;;
    "export") echo "--type --category --since --until --event-after --event-before --min-confidence --status --output -o --include-deleted --include-history --user -u --data-dir --config --tz --format --json --no-color --quiet -q --debug --help -h" ;;
    "search") echo "--type --category --since --until --event-after --event-before --min-confidence --status --limit --offset --user -u --data-dir --config --tz --format --json --no-color --quiet -q --debug --help -h" ;;
    "import") echo "--dry-run --user -u --data-dir --config --tz --format --json --no-color --quiet -q --debug --help -h" ;;
    "doctor") echo "--fix --user -u --data-dir --config --tz --format --json --no-color --quiet -q --debug --help -h" ;;
    "config") echo "--user -u --data-dir --config --tz --format --json --no-color --quiet -q --debug --help -h" ;;
    "config get") echo "--user -u --data-dir --config --tz --format --json --no-color --quiet -q --debug --help -h" ;;
    "config set") echo "--user -u --data-dir --config --tz --format --json --no-color --quiet -q --debug --help -h" ;;
    "config unset") echo "--user -u --data-dir --config --tz --format --json --no-color --quiet -q --debug --help -h" ;;
    "config list") echo "--user -u --data-dir --config --tz --format --json --no-color --quiet -q --debug --help -h" ;;
    "config path") echo "--user -u --data-dir --config --tz --format --json --no-color --quiet -q --debug --help -h" ;;
    "completion") echo "--user -u --data-dir --config --tz --format --json --no-color --quiet -q --debug --help -h" ;;
    "conflicts") echo "--user -u --data-dir --config --tz --format --json --no-color --quiet -q --debug --help -h" ;;
    "conflicts list") echo "--all --user -u --data-dir --config --tz --format --json --no-color --quiet -q --debug --help -h" ;;
    "conflicts show") echo "--user -u --data-dir --config --tz --format --json --no-color --quiet -q --debug --help -h" ;;
    "conflicts resolve") echo "--strategy --all --user -u --data-dir --config --tz --format --json --no-color --quiet -q --debug --help -h" ;;
    "conflicts dismiss") echo "--user -u --data-dir --config --tz --format --json --no-color --quiet -q --debug --help -h" ;;
    "conflicts undo") echo "--user -u --data-dir --config --tz --format --json --no-color --quiet -q --debug --help -h" ;;
    "conflicts policy") echo "--user -u --data-dir --config --tz --format --json --no-color --quiet -q --debug --help -h" ;;
    "conflicts policy show") echo "--user -u --data-dir --config --tz --format --json --no-color --quiet -q --debug --help -h" ;;
    "conflicts policy set") echo "--type --category --user -u --data-dir --config --tz --format --json --no-color --quiet -q --debug --help -h" ;;
    "conflicts policy unset") echo "--type --category --user -u --data-dir --config --tz --format --json --no-color --quiet -q --debug --help -h" ;;
    *) echo "--version -V --user -u --data-dir --config --tz --format --json --no-color --quiet -q --debug --help -h" ;;
  esac
}

# Options that take a value: "<path>:<flag>".
__harmonia_takes_value() {
  case "$1:$2" in
    *:--user|*:-u|*:--data-dir|*:--config|*:--tz|*:--format) return 0 ;;
    "remember:--at"|"remember:--extractor"|"remember:--model"|"remember:--ollama-host"|"remember:--session"|"remember:--source"|"remember:--on-conflict"|"remember:--judge"|"remember:--concurrency") return 0 ;;
    "list:--type"|"list:--category"|"list:--since"|"list:--until"|"list:--event-after"|"list:--event-before"|"list:--min-confidence"|"list:--status"|"list:--sort"|"list:--limit"|"list:--offset"|"ls:--type"|"ls:--category"|"ls:--since"|"ls:--until"|"ls:--event-after"|"ls:--event-before"|"ls:--min-confidence"|"ls:--status"|"ls:--sort"|"ls:--limit"|"ls:--offset") return 0 ;;
    "export:--type"|"export:--category"|"export:--since"|"export:--until"|"export:--event-after"|"export:--event-before"|"export:--min-confidence"|"export:--status"|"export:--output"|"export:-o") return 0 ;;
    "search:--type"|"search:--category"|"search:--since"|"search:--until"|"search:--event-after"|"search:--event-before"|"search:--min-confidence"|"search:--status"|"search:--limit"|"search:--offset") return 0 ;;
    "conflicts resolve:--strategy") return 0 ;;
    "conflicts policy set:--type"|"conflicts policy set:--category") return 0 ;;
    "conflicts policy unset:--type"|"conflicts policy unset:--category") return 0 ;;
  esac
  return 1
}

__harmonia_option_value() {
  case "$1" in
    --user|-u) COMPREPLY=() ;;
    --data-dir) compopt -o filenames 2>/dev/null; COMPREPLY=($(compgen -d -- "$cur")) ;;
    --config) compopt -o filenames 2>/dev/null; COMPREPLY=($(compgen -f -- "$cur")) ;;
    --tz) COMPREPLY=() ;;
    --format) COMPREPLY=($(compgen -W "table json ndjson csv tsv md text" -- "$cur")) ;;
    --at) COMPREPLY=() ;;
    --extractor) COMPREPLY=($(compgen -W "auto ollama rules raw" -- "$cur")) ;;
    --model) COMPREPLY=() ;;
    --ollama-host) COMPREPLY=() ;;
    --session) COMPREPLY=() ;;
    --source) COMPREPLY=() ;;
    --on-conflict) COMPREPLY=($(compgen -W "auto ask update replace merge link create_new keep_both archive_old" -- "$cur")) ;;
    --judge) COMPREPLY=($(compgen -W "rules llm" -- "$cur")) ;;
    --concurrency) COMPREPLY=() ;;
    --type) __harmonia_list "personal factual relational preference temporal emotional goal skill health professional procedural episodic" ;;
    --category) COMPREPLY=() ;;
    --since) COMPREPLY=() ;;
    --until) COMPREPLY=() ;;
    --event-after) COMPREPLY=() ;;
    --event-before) COMPREPLY=() ;;
    --min-confidence) COMPREPLY=() ;;
    --status) __harmonia_list "active archived superseded deleted all" ;;
    --sort) COMPREPLY=($(compgen -W "created updated event confidence" -- "$cur")) ;;
    --limit) COMPREPLY=() ;;
    --offset) COMPREPLY=() ;;
    --output|-o) compopt -o filenames 2>/dev/null; COMPREPLY=($(compgen -f -- "$cur")) ;;
    --strategy) COMPREPLY=($(compgen -W "update replace merge link create_new keep_both archive_old" -- "$cur")) ;;
    *) COMPREPLY=() ;;
  esac
}

# Positional arguments: "<path>:<index>" (a variadic one takes every later index).
__harmonia_positional() {
  case "$1" in
    "show:0") COMPREPLY=($(compgen -W "$(harmonia __ids --status all "${ctx[@]}" 2>/dev/null)" -- "$cur")) ;;
    "rm:0"|"rm:"[1-9]) COMPREPLY=($(compgen -W "$(harmonia __ids "${ctx[@]}" 2>/dev/null)" -- "$cur")) ;;
    "restore:0") COMPREPLY=($(compgen -W "$(harmonia __ids --status deleted,archived,superseded "${ctx[@]}" 2>/dev/null)" -- "$cur")) ;;
    "import:0") compopt -o filenames 2>/dev/null; COMPREPLY=($(compgen -f -- "$cur")) ;;
    "config get:0") COMPREPLY=($(compgen -W "ollama.host ollama.model ollama.timeoutMs ollama.probeTimeoutMs ollama.concurrency extractor timezone format conflicts.policy storage.busyTimeoutMs limits.maxMessageBytes secrets.redact" -- "$cur")) ;;
    "config set:0") COMPREPLY=($(compgen -W "ollama.host ollama.model ollama.timeoutMs ollama.probeTimeoutMs ollama.concurrency extractor timezone format conflicts.policy storage.busyTimeoutMs limits.maxMessageBytes secrets.redact" -- "$cur")) ;;
    "config unset:0") COMPREPLY=($(compgen -W "ollama.host ollama.model ollama.timeoutMs ollama.probeTimeoutMs ollama.concurrency extractor timezone format conflicts.policy storage.busyTimeoutMs limits.maxMessageBytes secrets.redact" -- "$cur")) ;;
    "completion:0") COMPREPLY=($(compgen -W "bash zsh fish" -- "$cur")) ;;
    "config set:1:extractor") COMPREPLY=($(compgen -W "auto ollama rules raw" -- "$cur")) ;;
    "config set:1:format") COMPREPLY=($(compgen -W "table json ndjson csv tsv" -- "$cur")) ;;
    "config set:1:conflicts.policy") COMPREPLY=($(compgen -W "auto ask update replace merge link create_new keep_both archive_old" -- "$cur")) ;;
    "config set:1:secrets.redact") COMPREPLY=($(compgen -W "true false" -- "$cur")) ;;
    *) COMPREPLY=() ;;
  esac
}

# Comma-separated values (--type goal,health): complete the item after the last comma.
__harmonia_list() {
  local prefix=""
  [[ $cur == *,* ]] && prefix="${cur%,*},"
  COMPREPLY=($(compgen -P "$prefix" -W "$1" -- "${cur##*,}"))
}

_harmonia() {
  local cur="${COMP_WORDS[COMP_CWORD]}" prev="${COMP_WORDS[COMP_CWORD-1]}"
  local path="" word sub npos=0 i
  local -a positional=() ctx=()
  for ((i = 1; i < COMP_CWORD; i++)); do
    word="${COMP_WORDS[i]}"
    if [[ $word == -* ]]; then
      if __harmonia_takes_value "$path" "$word" && [[ ${COMP_WORDS[i+1]} != "=" ]]; then
        case "$word" in -u|--user|--data-dir|--config) ctx+=("$word" "${COMP_WORDS[i+1]}") ;; esac
        ((i++))
      elif [[ ${COMP_WORDS[i+1]} == "=" ]]; then
        ((i += 2))
      fi
      continue
    fi
    if ((npos == 0)); then
      for sub in $(__harmonia_subcommands "$path"); do
        if [[ $sub == "$word" ]]; then path="${path:+$path }$word"; continue 2; fi
      done
    fi
    positional+=("$word")
    ((npos++))
  done
  # --format=js splits into "--format" "=" "js" (= is a word break)
  if [[ $prev == "=" ]]; then prev="${COMP_WORDS[COMP_CWORD-2]}"; fi
  if [[ $cur == "=" ]]; then prev="${COMP_WORDS[COMP_CWORD-1]}"; cur=""; fi
  if [[ $prev == -* ]] && __harmonia_takes_value "$path" "$prev"; then
    __harmonia_option_value "$prev"
    return
  fi
  if [[ $cur == -* ]]; then
    COMPREPLY=($(compgen -W "$(__harmonia_options "$path")" -- "$cur"))
    return
  fi
  local subs
  subs="$(__harmonia_subcommands "$path")"
  if [[ -n $subs ]] && ((npos == 0)); then
    COMPREPLY=($(compgen -W "$subs" -- "$cur"))
    return
  fi
  if [[ $path == "config set" && $npos == 1 ]]; then
    __harmonia_positional "config set:1:${positional[0]}"
    return
  fi
  __harmonia_positional "$path:$npos"
}

complete -F _harmonia harmonia
