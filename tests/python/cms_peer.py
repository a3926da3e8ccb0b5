#!/usr/bin/env python3
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# cms_peer.py: an independent CMS producer and consumer for libsmime's
# interoperability tests (tests/test-interop-python.sh), for the parts of
# CMS that no locally installed peer implements: X25519/X448 key agreement
# (RFC 8418: HKDF and ANSI X9.63 KDFs), AES-CCM and ChaCha20-Poly1305
# AuthEnvelopedData (RFC 5083/5084/8103), AES-GCM with a short ICV,
# AuthenticatedData (RFC 5652 section 9, HMAC) and CompressedData (RFC 3274).
#
# It shares no code with libsmime: the DER is built and parsed by the small
# codec below, the cryptography comes from pyca/cryptography (Debian's
# python3-cryptography). Only what the tests need is implemented.
#
# Usage:
#   cms_peer.py produce --type enveloped|authenveloped|authenticated|compressed
#               [--recip CERT]... [--kek HEX --kek-id HEX] [--cipher NAME]
#               [--kdf NAME] [--wrap aes128|aes192|aes256] [--ukm]
#               [--oaep HASH] [--ski] [--icv N] [--mac NAME] [--auth-attrs]
#               --in CONTENT --out FILE
#   cms_peer.py consume [--key KEY [--cert CERT]] [--kek HEX]
#               --in FILE --out CONTENT
# Exit status: 0 success, 1 failure (the reason on standard error).

import argparse
import base64
import hmac as py_hmac
import os
import sys
import zlib

from cryptography import x509
from cryptography.hazmat.primitives import hashes, hmac, keywrap, serialization
from cryptography.hazmat.primitives import padding as sym_padding
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa, x448, x25519
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from cryptography.hazmat.primitives.ciphers.aead import AESCCM, ChaCha20Poly1305
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from cryptography.hazmat.primitives.kdf.x963kdf import X963KDF


class Failure(Exception):
    pass


# --- object identifiers ------------------------------------------------------

OID = {
    "data": "1.2.840.113549.1.7.1",
    "envelopedData": "1.2.840.113549.1.7.3",
    "digestedData": "1.2.840.113549.1.7.5",
    "authenticatedData": "1.2.840.113549.1.9.16.1.2",
    "compressedData": "1.2.840.113549.1.9.16.1.9",
    "authEnvelopedData": "1.2.840.113549.1.9.16.1.23",
    "contentType": "1.2.840.113549.1.9.3",
    "messageDigest": "1.2.840.113549.1.9.4",
    "signingTime": "1.2.840.113549.1.9.5",
    "rsaEncryption": "1.2.840.113549.1.1.1",
    "rsaesOaep": "1.2.840.113549.1.1.7",
    "mgf1": "1.2.840.113549.1.1.8",
    "pSpecified": "1.2.840.113549.1.1.9",
    "X25519": "1.3.101.110",
    "X448": "1.3.101.111",
    "ecPublicKey": "1.2.840.10045.2.1",
    "zlib": "1.2.840.113549.1.9.16.3.8",
    "chacha20-poly1305": "1.2.840.113549.1.9.16.3.18",
}

HASH_OID = {
    "sha1": "1.3.14.3.2.26",
    "sha224": "2.16.840.1.101.3.4.2.4",
    "sha256": "2.16.840.1.101.3.4.2.1",
    "sha384": "2.16.840.1.101.3.4.2.2",
    "sha512": "2.16.840.1.101.3.4.2.3",
}
HASH_BY_OID = {v: k for k, v in HASH_OID.items()}


def hash_algo(name):
    return {"sha1": hashes.SHA1, "sha224": hashes.SHA224,
            "sha256": hashes.SHA256, "sha384": hashes.SHA384,
            "sha512": hashes.SHA512}[name]()


# Key agreement schemes: name -> (OID, KDF kind, hash).
KDF = {
    "x963-sha1": ("1.3.133.16.840.63.0.2", "x963", "sha1"),
    "x963-sha224": ("1.3.132.1.11.0", "x963", "sha224"),
    "x963-sha256": ("1.3.132.1.11.1", "x963", "sha256"),
    "x963-sha384": ("1.3.132.1.11.2", "x963", "sha384"),
    "x963-sha512": ("1.3.132.1.11.3", "x963", "sha512"),
    "hkdf-sha256": ("1.2.840.113549.1.9.16.3.19", "hkdf", "sha256"),
    "hkdf-sha384": ("1.2.840.113549.1.9.16.3.20", "hkdf", "sha384"),
    "hkdf-sha512": ("1.2.840.113549.1.9.16.3.21", "hkdf", "sha512"),
}
KDF_BY_OID = {v[0]: v for v in KDF.values()}

# Key wrap: name -> (OID, KEK length).
WRAP = {
    "aes128": ("2.16.840.1.101.3.4.1.5", 16),
    "aes192": ("2.16.840.1.101.3.4.1.25", 24),
    "aes256": ("2.16.840.1.101.3.4.1.45", 32),
}
WRAP_BY_OID = {v[0]: v for v in WRAP.values()}

# Content ciphers: name -> (OID, mode, key length).
CIPHER = {
    "aes-128-cbc": ("2.16.840.1.101.3.4.1.2", "cbc", 16),
    "aes-192-cbc": ("2.16.840.1.101.3.4.1.22", "cbc", 24),
    "aes-256-cbc": ("2.16.840.1.101.3.4.1.42", "cbc", 32),
    "aes-128-gcm": ("2.16.840.1.101.3.4.1.6", "gcm", 16),
    "aes-192-gcm": ("2.16.840.1.101.3.4.1.26", "gcm", 24),
    "aes-256-gcm": ("2.16.840.1.101.3.4.1.46", "gcm", 32),
    "aes-128-ccm": ("2.16.840.1.101.3.4.1.7", "ccm", 16),
    "aes-192-ccm": ("2.16.840.1.101.3.4.1.27", "ccm", 24),
    "aes-256-ccm": ("2.16.840.1.101.3.4.1.47", "ccm", 32),
    "chacha20-poly1305": (OID["chacha20-poly1305"], "chacha", 32),
}
CIPHER_BY_OID = {v[0]: v for v in CIPHER.values()}

# HMAC: name -> (OID, hash, key length used when producing).
MAC = {
    "hmac-sha256": ("1.2.840.113549.2.9", "sha256", 32),
    "hmac-sha384": ("1.2.840.113549.2.10", "sha384", 48),
    "hmac-sha512": ("1.2.840.113549.2.11", "sha512", 64),
}
MAC_BY_OID = {v[0]: v for v in MAC.values()}


# --- DER encoding ------------------------------------------------------------

def der_length(n):
    if n < 0x80:
        return bytes([n])
    b = n.to_bytes((n.bit_length() + 7) // 8, "big")
    return bytes([0x80 | len(b)]) + b


def tlv(tag, content):
    return bytes([tag]) + der_length(len(content)) + content


def seq(*items):
    return tlv(0x30, b"".join(items))


def set_of(*items):
    return tlv(0x31, b"".join(sorted(items)))


def octets(b):
    return tlv(0x04, b)


def integer(n):
    length = max(1, (n.bit_length() + 8) // 8)
    return tlv(0x02, n.to_bytes(length, "big", signed=True))


def null():
    return b"\x05\x00"


def bit_string(b):
    return tlv(0x03, b"\x00" + b)


def oid(dotted):
    arcs = [int(a) for a in dotted.split(".")]
    body = bytearray()
    for i, arc in enumerate([arcs[0] * 40 + arcs[1]] + arcs[2:]):
        chunk = [arc & 0x7F]
        arc >>= 7
        while arc:
            chunk.insert(0, 0x80 | (arc & 0x7F))
            arc >>= 7
        body += bytes(chunk)
    return tlv(0x06, bytes(body))


def explicit(n, inner):
    return tlv(0xA0 | n, inner)


def implicit(n, encoded):
    """Re-tag an encoded TLV with context tag [n], keeping its form."""
    node = parse(encoded)
    tag = (0xA0 if node.constructed else 0x80) | n
    return tlv(tag, node.content)


def alg(dotted, params=None):
    return seq(oid(dotted), params if params is not None else b"")


def attribute(dotted, *values):
    return seq(oid(dotted), set_of(*values))


# --- DER/BER decoding ----------------------------------------------------------

class Node:
    def __init__(self, tag, content, raw, children):
        self.tag = tag
        self.content = content
        self.raw = raw
        self.children = children

    @property
    def constructed(self):
        return bool(self.tag & 0x20)

    def __getitem__(self, i):
        return self.children[i]

    def __len__(self):
        return len(self.children)

    def octets(self):
        """The value of an OCTET STRING, also in BER constructed form."""
        if not self.constructed:
            return self.content
        return b"".join(c.octets() for c in self.children)

    def oid(self):
        if self.tag != 0x06:
            raise Failure("expected an OBJECT IDENTIFIER, got tag 0x%02x" % self.tag)
        arcs, value = [], 0
        for byte in self.content:
            value = (value << 7) | (byte & 0x7F)
            if not byte & 0x80:
                arcs.append(value)
                value = 0
        first = min(arcs[0] // 40, 2)
        return ".".join(str(a) for a in [first, arcs[0] - first * 40] + arcs[1:])

    def integer(self):
        return int.from_bytes(self.content, "big", signed=True)


def parse_at(data, off):
    start = off
    if off + 2 > len(data):
        raise Failure("truncated DER at offset %d" % off)
    tag = data[off]
    if tag & 0x1F == 0x1F:
        raise Failure("multi-byte tags are not supported")
    off += 1
    first = data[off]
    off += 1
    children = []
    if first == 0x80:  # BER indefinite length
        if not tag & 0x20:
            raise Failure("indefinite length on a primitive")
        cstart = off
        while data[off:off + 2] != b"\x00\x00":
            child, off = parse_at(data, off)
            children.append(child)
        content = data[cstart:off]
        off += 2
        return Node(tag, content, data[start:off], children), off
    if first & 0x80:
        n = first & 0x7F
        length = int.from_bytes(data[off:off + n], "big")
        off += n
    else:
        length = first
    if off + length > len(data):
        raise Failure("truncated DER at offset %d" % start)
    content = data[off:off + length]
    if tag & 0x20:
        pos = 0
        while pos < length:
            child, pos = parse_at(content, pos)
            children.append(child)
    return Node(tag, content, data[start:off + length], children), off + length


def parse(data):
    node, end = parse_at(data, 0)
    if data[end:].strip(b"\x00"):
        raise Failure("trailing bytes after the DER object")
    return node


def read_cms(path):
    with open(path, "rb") as f:
        data = f.read()
    if data.lstrip().startswith(b"-----BEGIN"):
        lines = [ln for ln in data.decode("ascii").splitlines()
                 if ln and not ln.startswith("-----")]
        data = base64.b64decode("".join(lines))
    return parse(data)


# --- keys and certificates -------------------------------------------------------

def load_cert(path):
    with open(path, "rb") as f:
        data = f.read()
    if b"-----BEGIN" in data:
        cert = x509.load_pem_x509_certificate(data)
    else:
        cert = x509.load_der_x509_certificate(data)
    der = cert.public_bytes(serialization.Encoding.DER)
    tbs = parse(der)[0]
    i = 1 if tbs[0].tag == 0xA0 else 0
    serial, issuer = tbs[i], tbs[i + 2]
    try:
        ski = cert.extensions.get_extension_for_class(
            x509.SubjectKeyIdentifier).value.digest
    except x509.ExtensionNotFound:
        ski = None
    return {"cert": cert, "issuer": issuer.raw, "serial": serial.integer(),
            "serial_raw": serial.raw, "ski": ski, "key": cert.public_key()}


def load_key(path):
    with open(path, "rb") as f:
        data = f.read()
    if b"-----BEGIN" in data:
        return serialization.load_pem_private_key(data, password=None)
    return serialization.load_der_private_key(data, password=None)


def rid_matches(rid, cert):
    """rid: an IssuerAndSerialNumber SEQUENCE or a [0] key identifier."""
    if cert is None:
        return True
    if rid.tag == 0x30:
        return rid[0].raw == cert["issuer"] and rid[1].integer() == cert["serial"]
    if rid.tag == 0x80:  # ktri: [0] IMPLICIT SubjectKeyIdentifier
        return cert["ski"] is not None and rid.content == cert["ski"]
    if rid.tag == 0xA0:  # kari: [0] IMPLICIT RecipientKeyIdentifier
        return cert["ski"] is not None and rid[0].octets() == cert["ski"]
    return False


# --- key derivation for key agreement ------------------------------------------------

def shared_info(wrap_alg_der, ukm, kek_len):
    items = [wrap_alg_der]
    if ukm is not None:
        items.append(explicit(0, octets(ukm)))
    items.append(explicit(2, octets((kek_len * 8).to_bytes(4, "big"))))
    return seq(*items)


def derive_kek(kdf_oid, z, wrap_alg_der, ukm, kek_len):
    if kdf_oid not in KDF_BY_OID:
        raise Failure("unknown key agreement scheme " + kdf_oid)
    _, kind, hname = KDF_BY_OID[kdf_oid]
    info = shared_info(wrap_alg_der, ukm, kek_len)
    if kind == "hkdf":
        return HKDF(algorithm=hash_algo(hname), length=kek_len,
                    salt=ukm, info=info).derive(z)
    return X963KDF(algorithm=hash_algo(hname), length=kek_len,
                   sharedinfo=info).derive(z)


def agree(private_key, peer_alg_oid, peer_bits):
    if isinstance(private_key, x25519.X25519PrivateKey):
        if peer_alg_oid != OID["X25519"]:
            raise Failure("originator key is not X25519")
        return private_key.exchange(x25519.X25519PublicKey.from_public_bytes(peer_bits))
    if isinstance(private_key, x448.X448PrivateKey):
        if peer_alg_oid != OID["X448"]:
            raise Failure("originator key is not X448")
        return private_key.exchange(x448.X448PublicKey.from_public_bytes(peer_bits))
    if isinstance(private_key, ec.EllipticCurvePrivateKey):
        peer = ec.EllipticCurvePublicKey.from_encoded_point(private_key.curve, peer_bits)
        return private_key.exchange(ec.ECDH(), peer)
    raise Failure("key agreement needs an X25519, X448 or EC key")


def oaep_padding(params):
    hname, mgf_hname = "sha1", "sha1"
    label = None
    if params is not None:
        for field in params.children:
            if field.tag == 0xA0:
                hname = HASH_BY_OID[field[0][0].oid()]
            elif field.tag == 0xA1:
                mgf = field[0]
                if mgf[0].oid() != OID["mgf1"]:
                    raise Failure("unsupported OAEP mask generation function")
                mgf_hname = HASH_BY_OID[mgf[1][0].oid()]
            elif field.tag == 0xA2:
                label = field[0][1].octets() or None
    return padding.OAEP(mgf=padding.MGF1(algorithm=hash_algo(mgf_hname)),
                        algorithm=hash_algo(hname), label=label)


# --- consuming --------------------------------------------------------------------------

def recover_key(recipient_infos, key, cert, kek):
    """The content-encryption (or authentication) key from the first
    RecipientInfo that the given key can open."""
    errors = []
    for ri in recipient_infos.children:
        try:
            if ri.tag == 0x30 and key is not None:
                if not isinstance(key, rsa.RSAPrivateKey) or not rid_matches(ri[1], cert):
                    continue
                kea = ri[2]
                if kea[0].oid() == OID["rsaEncryption"]:
                    return key.decrypt(ri[3].octets(), padding.PKCS1v15())
                if kea[0].oid() == OID["rsaesOaep"]:
                    params = kea[1] if len(kea) > 1 else None
                    return key.decrypt(ri[3].octets(), oaep_padding(params))
                raise Failure("unknown key transport " + kea[0].oid())
            if ri.tag == 0xA1 and key is not None and not isinstance(key, rsa.RSAPrivateKey):
                fields = list(ri.children)
                originator = fields[1][0]
                if originator.tag != 0xA1:
                    raise Failure("originator is not an ephemeral public key")
                peer_alg, peer_bits = originator[0][0].oid(), originator[1].content[1:]
                pos = 2
                ukm = None
                if fields[pos].tag == 0xA1:
                    ukm = fields[pos][0].octets()
                    pos += 1
                kea = fields[pos]
                wrap_alg = kea[1]
                wrap_oid = wrap_alg[0].oid()
                if wrap_oid not in WRAP_BY_OID:
                    raise Failure("unknown key wrap " + wrap_oid)
                kek_len = WRAP_BY_OID[wrap_oid][1]
                for rek in fields[pos + 1].children:
                    if not rid_matches(rek[0], cert):
                        continue
                    z = agree(key, peer_alg, peer_bits)
                    k = derive_kek(kea[0].oid(), z, wrap_alg.raw, ukm, kek_len)
                    return keywrap.aes_key_unwrap(k, rek[1].octets())
                continue
            if ri.tag == 0xA2 and kek is not None:
                wrap_oid = ri[2][0].oid()
                if wrap_oid not in WRAP_BY_OID or WRAP_BY_OID[wrap_oid][1] != len(kek):
                    raise Failure("KEK length does not fit " + wrap_oid)
                return keywrap.aes_key_unwrap(kek, ri[3].octets())
        except Failure as e:
            errors.append(str(e))
        except Exception as e:  # pylint: disable=broad-except
            errors.append("%s: %s" % (type(e).__name__, e))
    raise Failure("no recipient could be opened" + (": " + "; ".join(errors) if errors else ""))


def split_version_and_originator(fields):
    pos = 1
    if fields[pos].tag == 0xA0:  # originatorInfo
        pos += 1
    return pos


def decrypt_content(eci, cek, mac=None, aad=b""):
    """EncryptedContentInfo -> plaintext; mac is the AEAD tag when given."""
    calg = eci[1]
    coid = calg[0].oid()
    if coid not in CIPHER_BY_OID:
        raise Failure("unknown content cipher " + coid)
    _, mode, klen = CIPHER_BY_OID[coid]
    if len(cek) != klen:
        raise Failure("key length %d does not fit %s" % (len(cek), coid))
    ct = eci[2].octets() if len(eci) > 2 else b""
    if mode == "cbc":
        if mac is not None:
            raise Failure("CBC in AuthEnvelopedData")
        iv = calg[1].octets()
        d = Cipher(algorithms.AES(cek), modes.CBC(iv)).decryptor()
        padded = d.update(ct) + d.finalize()
        u = sym_padding.PKCS7(128).unpadder()
        return u.update(padded) + u.finalize()
    if mac is None:
        raise Failure("AEAD cipher outside AuthEnvelopedData")
    params = calg[1]
    if mode == "chacha":
        nonce = params.octets()
        if len(mac) != 16:
            raise Failure("ChaCha20-Poly1305 tag must be 16 bytes")
        return ChaCha20Poly1305(cek).decrypt(nonce, ct + mac, aad)
    nonce = params[0].octets()
    icv = params[1].integer() if len(params) > 1 else 12
    if len(mac) != icv:
        raise Failure("mac length %d, ICVlen %d" % (len(mac), icv))
    if mode == "gcm":
        d = Cipher(algorithms.AES(cek), modes.GCM(nonce, mac, min_tag_length=icv)).decryptor()
        d.authenticate_additional_data(aad)
        return d.update(ct) + d.finalize()
    return AESCCM(cek, tag_length=icv).decrypt(nonce, ct + mac, aad)


def consume(args):
    key = load_key(args.key) if args.key else None
    cert = load_cert(args.cert) if args.cert else None
    kek = bytes.fromhex(args.kek) if args.kek else None
    ci = read_cms(args.input)
    ctype = ci[0].oid()
    body = ci[1][0]
    fields = list(body.children)
    if ctype == OID["envelopedData"]:
        pos = split_version_and_originator(fields)
        cek = recover_key(fields[pos], key, cert, kek)
        return decrypt_content(fields[pos + 1], cek)
    if ctype == OID["authEnvelopedData"]:
        pos = split_version_and_originator(fields)
        cek = recover_key(fields[pos], key, cert, kek)
        eci = fields[pos + 1]
        pos += 2
        aad = b""
        if fields[pos].tag == 0xA1:
            aad = tlv(0x31, fields[pos].content)
            pos += 1
        return decrypt_content(eci, cek, mac=fields[pos].octets(), aad=aad)
    if ctype == OID["authenticatedData"]:
        pos = split_version_and_originator(fields)
        authkey = recover_key(fields[pos], key, cert, kek)
        mac_alg = fields[pos + 1][0].oid()
        if mac_alg not in MAC_BY_OID:
            raise Failure("unknown MAC algorithm " + mac_alg)
        _, hname, _ = MAC_BY_OID[mac_alg]
        pos += 2
        digest_alg = None
        if fields[pos].tag == 0xA1:
            digest_alg = HASH_BY_OID[fields[pos][0].oid()]
            pos += 1
        encap = fields[pos]
        content = encap[1][0].octets() if len(encap) > 1 else b""
        pos += 1
        mac_input = content
        if fields[pos].tag == 0xA2:
            attrs = fields[pos]
            mac_input = tlv(0x31, attrs.content)
            found = {a[0].oid(): a[1] for a in attrs.children}
            if OID["messageDigest"] not in found or OID["contentType"] not in found:
                raise Failure("authAttrs lack content-type or message-digest")
            if digest_alg is None:
                raise Failure("authAttrs without digestAlgorithm")
            h = hashes.Hash(hash_algo(digest_alg))
            h.update(content)
            if found[OID["messageDigest"]][0].octets() != h.finalize():
                raise Failure("message-digest attribute does not match the content")
            if found[OID["contentType"]][0].oid() != encap[0].oid():
                raise Failure("content-type attribute does not match eContentType")
            pos += 1
        want = fields[pos].octets()
        h = hmac.HMAC(authkey, hash_algo(hname))
        h.update(mac_input)
        if not py_hmac.compare_digest(h.finalize(), want):
            raise Failure("MAC does not verify")
        return content
    if ctype == OID["compressedData"]:
        if fields[1][0].oid() != OID["zlib"]:
            raise Failure("unknown compression algorithm")
        encap = fields[2]
        return zlib.decompress(encap[1][0].octets())
    raise Failure("unsupported content type " + ctype)


# --- producing ----------------------------------------------------------------------------

def rid_for(cert, ski, kari):
    if ski:
        if cert["ski"] is None:
            raise Failure("the certificate has no subjectKeyIdentifier")
        if kari:
            return tlv(0xA0, octets(cert["ski"]))
        return tlv(0x80, cert["ski"])
    return seq(cert["issuer"], cert["serial_raw"])


def make_ktri(cert, cek, args):
    if args.oaep:
        hname = args.oaep
        params = b""
        if hname != "sha1":
            halg = alg(HASH_OID[hname], null())
            params = explicit(0, halg) + explicit(1, alg(OID["mgf1"], halg))
        kea = alg(OID["rsaesOaep"], seq(params))
        pad = padding.OAEP(mgf=padding.MGF1(algorithm=hash_algo(hname)),
                           algorithm=hash_algo(hname), label=None)
    else:
        kea = alg(OID["rsaEncryption"], null())
        pad = padding.PKCS1v15()
    ek = cert["key"].encrypt(cek, pad)
    version = 2 if args.ski else 0
    return seq(integer(version), rid_for(cert, args.ski, False), kea, octets(ek))


def make_kari(cert, cek, args):
    pub = cert["key"]
    if isinstance(pub, x25519.X25519PublicKey):
        eph = x25519.X25519PrivateKey.generate()
        eph_oid = OID["X25519"]
    elif isinstance(pub, x448.X448PublicKey):
        eph = x448.X448PrivateKey.generate()
        eph_oid = OID["X448"]
    else:
        raise Failure("kari is only produced for X25519 and X448")
    eph_pub = eph.public_key().public_bytes(serialization.Encoding.Raw,
                                            serialization.PublicFormat.Raw)
    z = eph.exchange(pub)
    wrap_oid, kek_len = WRAP[args.wrap]
    wrap_alg = alg(wrap_oid)
    ukm = os.urandom(32) if args.ukm else None
    kdf_oid = KDF[args.kdf][0]
    kek = derive_kek(kdf_oid, z, wrap_alg, ukm, kek_len)
    wrapped = keywrap.aes_key_wrap(kek, cek)
    originator = explicit(0, tlv(0xA1, alg(eph_oid) + bit_string(eph_pub)))
    ukm_field = explicit(1, octets(ukm)) if ukm is not None else b""
    rek = seq(seq(rid_for(cert, args.ski, True), octets(wrapped)))
    return tlv(0xA1, integer(3) + originator + ukm_field + alg(kdf_oid, wrap_alg) + rek)


def make_kekri(kek, kek_id, cek):
    for name, (woid, klen) in WRAP.items():
        if klen == len(kek):
            return tlv(0xA2, integer(4) + seq(octets(kek_id)) + alg(woid) +
                       octets(keywrap.aes_key_wrap(kek, cek)))
    raise Failure("a KEK must be 16, 24 or 32 bytes")


def recipient_infos(args, key):
    infos = []
    for path in args.recip or []:
        cert = load_cert(path)
        if isinstance(cert["key"], rsa.RSAPublicKey):
            infos.append(make_ktri(cert, key, args))
        else:
            infos.append(make_kari(cert, key, args))
    if args.kek:
        infos.append(make_kekri(bytes.fromhex(args.kek), bytes.fromhex(args.kek_id), key))
    if not infos:
        raise Failure("no recipients")
    return set_of(*infos), infos


def encrypt_content(name, content, aad, icv):
    coid, mode, klen = CIPHER[name]
    cek = os.urandom(klen)
    if mode == "cbc":
        iv = os.urandom(16)
        p = sym_padding.PKCS7(128).padder()
        e = Cipher(algorithms.AES(cek), modes.CBC(iv)).encryptor()
        ct = e.update(p.update(content) + p.finalize()) + e.finalize()
        return cek, alg(coid, octets(iv)), ct, None
    nonce = os.urandom(12)
    if mode == "chacha":
        out = ChaCha20Poly1305(cek).encrypt(nonce, content, aad)
        return cek, alg(coid, octets(nonce)), out[:-16], out[-16:]
    icv = icv or 12
    params = seq(octets(nonce), integer(icv) if icv != 12 else b"")
    if mode == "gcm":
        e = Cipher(algorithms.AES(cek), modes.GCM(nonce)).encryptor()
        e.authenticate_additional_data(aad)
        ct = e.update(content) + e.finalize()
        return cek, alg(coid, params), ct, e.tag[:icv]
    out = AESCCM(cek, tag_length=icv).encrypt(nonce, content, aad)
    return cek, alg(coid, params), out[:-icv], out[-icv:]


def content_info(ctype, body):
    return seq(oid(OID[ctype]), explicit(0, body))


def encap_data(content):
    return seq(oid(OID["data"]), explicit(0, octets(content)))


def produce(args):
    with open(args.input, "rb") as f:
        content = f.read()
    if args.type == "compressed":
        body = seq(integer(0), alg(OID["zlib"]), encap_data(zlib.compress(content)))
        return content_info("compressedData", body)
    if args.type == "authenticated":
        moid, hname, klen = MAC[args.mac]
        authkey = os.urandom(klen)
        ris, infos = recipient_infos(args, authkey)
        fields = [integer(0), ris, alg(moid)]
        mac_input = content
        attrs_field = b""
        if args.auth_attrs:
            fields.append(implicit(1, alg(HASH_OID[hname], null())))
            h = hashes.Hash(hash_algo(hname))
            h.update(content)
            attrs = set_of(attribute(OID["contentType"], oid(OID["data"])),
                           attribute(OID["messageDigest"], octets(h.finalize())),
                           attribute(OID["signingTime"], tlv(0x17, b"250101000000Z")))
            mac_input = attrs
            attrs_field = implicit(2, attrs)
        fields.append(encap_data(content))
        if attrs_field:
            fields.append(attrs_field)
        h = hmac.HMAC(authkey, hash_algo(hname))
        h.update(mac_input)
        fields.append(octets(h.finalize()))
        return content_info("authenticatedData", seq(*fields))
    aead = CIPHER[args.cipher][1] != "cbc"
    attrs = b""
    if args.auth_attrs:
        attrs = set_of(attribute(OID["contentType"], oid(OID["data"])),
                       attribute(OID["signingTime"], tlv(0x17, b"250101000000Z")))
    cek, calg, ct, tag = encrypt_content(args.cipher, content, attrs, args.icv)
    ris, infos = recipient_infos(args, cek)
    eci = seq(oid(OID["data"]), calg, tlv(0x80, ct))
    if args.type == "authenveloped":
        if not aead:
            raise Failure("AuthEnvelopedData needs an AEAD cipher")
        fields = [integer(0), ris, eci]
        if attrs:
            fields.append(implicit(1, attrs))
        fields.append(octets(tag))
        return content_info("authEnvelopedData", seq(*fields))
    if aead:
        raise Failure("EnvelopedData needs a CBC cipher")
    version = 0 if all(i[0] == 0x30 for i in infos) and not args.ski else 2
    return content_info("envelopedData", seq(integer(version), ris, eci))


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    sub = ap.add_subparsers(dest="cmd", required=True)
    p = sub.add_parser("produce")
    p.add_argument("--type", required=True,
                   choices=["enveloped", "authenveloped", "authenticated", "compressed"])
    p.add_argument("--recip", action="append")
    p.add_argument("--kek")
    p.add_argument("--kek-id", default="6b6579")
    p.add_argument("--cipher", default="aes-256-cbc", choices=sorted(CIPHER))
    p.add_argument("--kdf", default="hkdf-sha256", choices=sorted(KDF))
    p.add_argument("--wrap", default="aes256", choices=sorted(WRAP))
    p.add_argument("--ukm", action="store_true")
    p.add_argument("--oaep", choices=sorted(HASH_OID))
    p.add_argument("--ski", action="store_true")
    p.add_argument("--icv", type=int)
    p.add_argument("--mac", default="hmac-sha256", choices=sorted(MAC))
    p.add_argument("--auth-attrs", action="store_true")
    p.add_argument("--in", dest="input", required=True)
    p.add_argument("--out", required=True)
    c = sub.add_parser("consume")
    c.add_argument("--key")
    c.add_argument("--cert")
    c.add_argument("--kek")
    c.add_argument("--in", dest="input", required=True)
    c.add_argument("--out", required=True)
    args = ap.parse_args()
    try:
        out = produce(args) if args.cmd == "produce" else consume(args)
    except Failure as e:
        print("cms_peer: %s" % e, file=sys.stderr)
        return 1
    except Exception as e:  # pylint: disable=broad-except
        print("cms_peer: %s: %s" % (type(e).__name__, e), file=sys.stderr)
        return 1
    with open(args.out, "wb") as f:
        f.write(out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
