#!/usr/bin/perl
# ktap-tap.pl FILE — read a KTAP document with perl's TAP::Parser (the
# parser of prove(1); perl-modules), block by block: the top level, then
# each subtest's lines with their indentation taken off, recursively.
# Each block must have a plan that its result lines meet, numbered in
# order, with no parse error. Prints "block NAME: N tests, P passed, S
# skipped, F failed" per block and "blocks N" at the end; exits 1 at the
# first block TAP::Parser finds wrong. TAP::Parser knows SKIP and TODO
# only, so an XFAIL or XPASS line is an ok line to it, as to any TAP
# consumer that does not know kselftest's words.
use strict;
use warnings;
use TAP::Parser;

my $blocks = 0;

sub check {
	my ($name, @lines) = @_;
	my @top;      # the block's own lines, nested ones left out
	my @nested;   # the current nested block, its indent taken off
	my $flush = sub {
		return unless @nested;
		my $sub = '?';
		for (@nested) { if (/^# Subtest: (.*)$/) { $sub = $1; last } }
		check("$name/$sub", @nested);
		@nested = ();
	};
	for my $l (@lines) {
		if ($l =~ /^    (.*)$/) {
			push @nested, $1;
		} else {
			# a new nested block starts at its version line
			$flush->();
			push @top, $l;
		}
	}
	$flush->();
	# "KTAP version 1" is no TAP version line: TAP::Parser would take
	# it for an unknown line, so it goes, and TAP 13 stands for it
	my @tap = grep { !/^KTAP version 1$/ } @top;
	my $p = TAP::Parser->new({ tap => join("\n", 'TAP version 13', @tap) . "\n" });
	my ($n, $pass, $skip, $fail) = (0, 0, 0, 0);
	while (my $r = $p->next) {
		next unless $r->is_test;
		$n++;
		if ($r->has_skip) { $skip++ }
		elsif ($r->is_actual_ok) { $pass++ }
		else { $fail++ }
	}
	my @errors = $p->parse_errors;
	if (@errors || !$p->is_good_plan || !defined $p->tests_planned ||
	    $p->tests_planned != $n) {
		print "block $name: ", join('; ', @errors, 'plan ' .
			($p->tests_planned // 'none') . ", $n tests"), "\n";
		exit 1;
	}
	print "block $name: $n tests, $pass passed, $skip skipped, $fail failed\n";
	$blocks++;
}

open(my $f, '<', $ARGV[0]) or die "$ARGV[0]: $!\n";
chomp(my @lines = <$f>);
close $f;
check('main', @lines);
print "blocks $blocks\n";
