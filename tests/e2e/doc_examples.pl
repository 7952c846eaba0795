#!/usr/bin/perl
# The documentation's command blocks are specifications: every command shown in a fenced
# block of the given Markdown files is run, in order, and its output (both streams) must be
# what the block shows under it.
#
#   doc_examples.pl POOLBOOK REPO README.md docs/store-format.md ...
#
# What the files say, and how it is read:
# - A command is a line `ACCOUNT$ COMMAND` inside a fenced block: it is run as that
#   operating-system account (the example area's accounts; see scripts/lib/accounts.sh), or
#   as the account running the test for a bare `$ COMMAND`. A line ending in `\`, or a
#   following line starting with `> `, continues it. The lines under it, up to the next
#   command or the end of the block, are its output; blank lines at the end do not count.
# - `...` alone on a line stands for any number of lines; `...` inside a line for any text
#   on that line. Times written as 2026-11-24T18:42:57Z stand for any such time, and a SHA-256
#   written as its first six digits and `...` (95b03a...) for any SHA-256.
# - An HTML comment `<!-- setup` ... `-->` holds commands in the same form that are run
#   where it stands, without comparing their output (each must succeed): the state the
#   next blocks are shown in, such as a year of imports.
# Each file runs in its own fresh folder holding `fixtures/` and, on the PATH, `poolbook`.
# Needs root or sudo (to create the example accounts and run as them), as scripts/test.sh has.
use strict;
use warnings;

my ($poolbook, $repo, @files) = @ARGV;
die "usage: doc_examples.pl POOLBOOK REPO FILE.md...\n" unless $poolbook && $repo && @files;
my $accounts = "$repo/scripts/lib/accounts.sh";

# A fresh folder the example accounts can work in, with the program and the fixtures.
sub fresh_folder {
  my $script = <<'SH';
set -euo pipefail
. "$1"
ensure_example_accounts
work=$(as_root mktemp -d /var/tmp/poolbook-docs.XXXXXX)
shared_folder "$work"
as_root mkdir "$work/bin"
as_root install -m 0755 "$2" "$work/bin/poolbook"
as_root cp -r "$3/fixtures" "$work/fixtures"
as_root chgrp -R "$example_group" "$work"
as_root chmod -R g+w "$work"
echo "$work"
SH
  my $work = run_bash($script, $accounts, $poolbook, $repo);
  chomp $work;
  die "doc_examples: could not make a working folder\n" unless $? == 0 && $work =~ m{^/var/tmp/poolbook-docs\.};
  return $work;
}

sub remove_folder {
  my ($work) = @_;
  run_bash('. "$1"; as_root rm -rf "$2"', $accounts, $work);
}

# run_bash(SCRIPT, ARGS...): the output of bash running SCRIPT with ARGS as $1..., both streams.
sub run_bash {
  my ($script, @args) = @_;
  open(my $pipe, '-|', 'bash', '-c', "exec 2>&1\n$script", 'doc_examples', @args) or die "cannot run bash: $!\n";
  local $/;
  my $output = <$pipe> // '';
  close $pipe;
  return $output;
}

# run_command(WORK, ACCOUNT, COMMAND): its output and status, run in WORK as ACCOUNT ('' for
# the account running the test), with the copy of poolbook first on the PATH.
sub run_command {
  my ($work, $account, $command) = @_;
  my $script = <<'SH';
. "$1"
cd "$2"
inner='export PATH="$0/bin:$PATH"; eval "$1"'
if [ -z "$3" ]; then bash -c "$inner" "$2" "$4"; else as_account "$3" bash -c "$inner" "$2" "$4"; fi
SH
  my $output = run_bash($script, $accounts, $work, $account, $command);
  return ($output, $?);
}

# The commands of a file: {line, account, command, expected (lines), compare (0 for setup)}.
sub commands_of {
  my ($file) = @_;
  open(my $in, '<', $file) or die "doc_examples: cannot read $file: $!\n";
  my @lines = <$in>;
  close $in;
  chomp @lines;
  my @commands;
  my ($in_block, $in_setup) = (0, 0);
  my $current;  # the command whose output the next lines are, if any
  for (my $i = 0; $i < @lines; $i++) {
    my $line = $lines[$i];
    if (!$in_block && !$in_setup && $line =~ /^<!-- setup\b/) { ($in_setup, $current) = (1, undef); next; }
    if ($in_setup && $line =~ /^-->\s*$/) { $in_setup = 0; next; }
    if (!$in_setup && $line =~ /^```/) { ($in_block, $current) = (!$in_block, undef); next; }
    next unless $in_block || $in_setup;
    if ($line =~ /^([a-z][a-z0-9._-]*)?\$ (.*)$/) {
      my ($account, $command) = ($1 // '', $2);
      my $at = $i + 1;
      while (($command =~ /\\$/ || ($i + 1 < @lines && $lines[$i + 1] =~ /^> /)) && $i + 1 < @lines) {
        $i++;
        my $next = $lines[$i];
        $next =~ s/^> //;
        $command .= "\n" . $next;
      }
      $current = {line => $at, account => $account, command => $command, expected => [], compare => !$in_setup};
      push @commands, $current;
    } elsif ($current && $current->{compare}) {
      push @{$current->{expected}}, $line;
    }
  }
  return @commands;
}

sub without_trailing_blanks {
  my @lines = map { my $l = $_; $l =~ s/\s+$//; $l } @_;
  pop @lines while @lines && $lines[-1] eq '';
  return @lines;
}

sub normalised {
  my ($text) = @_;
  $text =~ s/\b\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ\b/<time>/g;
  $text =~ s/\b(?:[0-9a-f]{64}\b|[0-9a-f]{6}\.\.\.)/<sha256>/g;
  return $text;
}

# Whether the output lines are what the expected lines show.
sub matches {
  my ($expected, $actual) = @_;
  my $pattern = '';
  for my $line (@$expected) {
    my $wanted = normalised($line);
    if ($wanted =~ /^\s*\.\.\.$/) {
      $pattern .= '(?:[^\n]*\n)*?';
      next;
    }
    $pattern .= join('[^\n]*', map { quotemeta } split(/\.\.\./, $wanted, -1)) . '\n';
  }
  my $text = join('', map { normalised($_) . "\n" } @$actual);
  return $text =~ /\A$pattern\z/;
}

my ($run, $failed) = (0, 0);
for my $file (@files) {
  my @commands = commands_of($file);
  next unless @commands;
  my $work = fresh_folder();
  my $name = $file;
  $name =~ s{^\Q$repo\E/}{};
  for my $command (@commands) {
    my ($output, $status) = run_command($work, $command->{account}, $command->{command});
    my @actual = without_trailing_blanks(split /\n/, $output, -1);
    my @expected = without_trailing_blanks(@{$command->{expected}});
    my $prompt = ($command->{account} eq '' ? '' : $command->{account}) . '$ ' . $command->{command};
    my $trouble;
    if ($status & 127) {
      $trouble = 'was killed by signal ' . ($status & 127);
    } elsif (!$command->{compare}) {
      $trouble = 'failed (status ' . ($status >> 8) . ')' if $status != 0;
    } elsif (($status >> 8) == 6) {
      $trouble = 'ended with an internal error (status 6)';
    } elsif (!matches(\@expected, \@actual)) {
      $trouble = "printed something else\n--- shown in the file\n" . join("\n", @expected) . "\n--- printed\n" .
                 join("\n", @actual);
    }
    $run++;
    if ($trouble) {
      $failed++;
      print "FAILED: $name:$command->{line}: $prompt\n  $trouble\n\n";
    }
  }
  remove_folder($work);
}
print "doc_examples: $run command(s) run, $failed failed\n";
exit($failed == 0 ? 0 : 1);
