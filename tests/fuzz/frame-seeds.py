#!/usr/bin/env python3
# Frames certificates for fuzz-path and fuzz-names (see make-seeds.sh).
#   frame-seeds.py PATH_DIR NAMES_DIR PKIX_NAMES_DIR
# PATH_DIR/*.pem (the certificates of one message each) become PATH_DIR/*.bin:
# leaf first, then its issuers, each as a 2-byte big-endian length and the
# DER. NAMES_DIR gets pairs of certificates of PKIX_NAMES_DIR (CA, end
# entity) and pairs of their subject and issuer Names, framed for
# fuzz-names (2-byte length of the first blob, the first, the second).
import base64
import os
import re
import sys


def tlv(d, pos):
    """(start, content start, end) of the TLV at pos."""
    start = pos
    pos += 1
    n = d[pos]
    pos += 1
    if n & 0x80:
        k = n & 0x7f
        n = int.from_bytes(d[pos:pos + k], 'big')
        pos += k
    return start, pos, pos + n


def names(der):
    """(issuer, subject) DER Names of a certificate."""
    _, c, _ = tlv(der, 0)            # Certificate
    _, p, end = tlv(der, c)          # tbsCertificate
    fields = []
    while p < end:
        s, _, e = tlv(der, p)
        fields.append(der[s:e])
        p = e
    if fields[0][0] == 0xa0:         # [0] version
        fields = fields[1:]
    return fields[2], fields[4]


def pem_certs(text):
    return [base64.b64decode(''.join(m.split()))
            for m in re.findall(r'-----BEGIN CERTIFICATE-----(.*?)-----END CERTIFICATE-----',
                                text, re.S)]


def frame(items):
    return b''.join(len(i).to_bytes(2, 'big') + i for i in items)


def chain(certs):
    info = [(c,) + names(c) for c in certs]
    issuers = {i for _, i, s in info if i != s}
    leaves = [x for x in info if x[2] not in issuers and x[1] != x[2]]
    if not leaves:
        return certs
    out = [leaves[0]]
    while len(out) < len(info):
        nxt = [x for x in info if x[2] == out[-1][1] and x not in out]
        if not nxt:
            break
        out.append(nxt[0])
    return [x[0] for x in out] + [c for c in certs if c not in [x[0] for x in out]]


def main():
    path_dir, names_dir, pkix_names = sys.argv[1:4]
    for f in sorted(os.listdir(path_dir)):
        if f.endswith('.pem'):
            with open(os.path.join(path_dir, f)) as fh:
                certs = pem_certs(fh.read())
            with open(os.path.join(path_dir, f[:-4] + '.bin'), 'wb') as fh:
                fh.write(frame(chain(certs)[:4]))
    files = sorted(f for f in os.listdir(pkix_names) if f.endswith('.crt'))
    ders = {}
    for f in files:
        with open(os.path.join(pkix_names, f), 'rb') as fh:
            ders[f] = fh.read()
    cas = [f for f in files if 'CA' in f]
    ees = [f for f in files if f.endswith('EE.crt')]
    n = 0
    for ee in ees:
        issuer, subject = names(ders[ee])
        ca = next((c for c in cas if names(ders[c])[1] == issuer), None)
        pairs = [(subject, issuer)]
        if ca is not None:
            pairs.append((ders[ca], ders[ee]))
        for a, b in pairs:
            n += 1
            with open(os.path.join(names_dir, 'seed-%d' % n), 'wb') as fh:
                fh.write(len(a).to_bytes(2, 'big') + a + b)


main()
