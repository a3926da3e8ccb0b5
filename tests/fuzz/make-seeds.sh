#!/bin/sh
# Writes the seed corpora of the fuzz targets from tests/data:
#   tests/fuzz/make-seeds.sh SMIME_CLI OUTDIR
# SMIME_CLI is a built `smime` command (for `smime certs`); OUTDIR gets one
# directory per target: cms-inspect, names, crl, path.
set -eu
if [ $# -ne 2 ]; then
	echo "usage: $0 SMIME_CLI OUTDIR" >&2
	exit 2
fi
cli=$1
out=$2
here=$(cd "$(dirname "$0")" && pwd)
data=$here/../data
mkdir -p "$out/cms-inspect" "$out/names" "$out/crl" "$out/path"

# CMS objects and S/MIME messages: the corpus and the CMS unit test data.
n=0
for f in $(find "$data/corpus" "$data/cms-attrs" "$data/cms-recipients" -type f ! -name '*.md' ! -name '*.txt'); do
	n=$((n + 1))
	cp "$f" "$out/cms-inspect/seed-$n"
done

# CRLs: every PKITS CRL.
cp "$data"/pkits/crls/*.crl "$out/crl/"

# The PKITS chains of a few signed messages, and the name-constraint
# certificates, framed by frame-seeds.py.
for t in ValidSignaturesTest1 ValidDNnameConstraintsTest1 InvalidDNnameConstraintsTest2 \
	 ValidRFC822nameConstraintsTest21 InvalidDNSnameConstraintsTest31 ValidURInameConstraintsTest34 \
	 InvalidRevokedCATest2 ValiddeltaCRLTest2 ValidIDPwithindirectCRLTest22 \
	 ValidonlySomeReasonsTest18 ValidDSAParameterInheritanceTest5 ValidBasicSelfIssuedNewWithOldTest3 \
	 ValidpathLenConstraintTest8 InvalidcAFalseTest2 ValidNameChainingWhitespaceTest3 \
	 ValiddistributionPointTest1; do
	"$cli" certs "$data/pkits/smime/Signed$t.eml" > "$out/path/$t.pem"
done
python3 "$here/frame-seeds.py" "$out/path" "$out/names" "$data/pkix-names"
rm -f "$out/path"/*.pem
