/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * CompressedData (RFC 3274): content compressed with zlib (id-alg-
 * zlibCompress, RFC 1950 format with its header and Adler-32, as OpenSSL
 * and Bouncy Castle write it), version 0, algorithm parameters absent.
 *
 * open inflates in a loop that never writes more than max + 1 bytes, so a
 * decompression bomb stops with SMIME_E_LIMIT after at most max bytes of
 * output; a truncated stream, a stream with bytes after its end, or a
 * preset dictionary is SMIME_E_MALFORMED.
 */
#include "cms/cms.h"

#include <limits.h>
#include <string.h>
#include <zlib.h>

#define INFLATE_CHUNK ((size_t)64 * 1024)

int smime_cms__compressed_data_create(smime_buf *out, const uint8_t *content, size_t len)
{
	asn1_node node = NULL;
	smime_buf z = SMIME_BUF_INIT, der = SMIME_BUF_INIT;
	uLongf zlen;
	int rc;

	if (out == NULL || (content == NULL && len > 0))
		return SMIME_E_INVALID_ARGUMENT;
	if ((uLong)len != len)
		return SMIME_E_LIMIT;
	zlen = compressBound((uLong)len);
	if (zlen < len || (size_t)zlen != zlen)
		return SMIME_E_LIMIT;
	if ((rc = smime_buf__reserve(&z, (size_t)zlen)) != SMIME_OK)
		return rc;
	switch (compress2(z.data, &zlen, len ? content : (const uint8_t *)"", (uLong)len,
			  Z_BEST_COMPRESSION)) {
	case Z_OK:
		break;
	case Z_MEM_ERROR:
		rc = SMIME_E_NO_MEMORY;
		goto out;
	default:
		rc = SMIME_E_INTERNAL;
		goto out;
	}
	z.len = (size_t)zlen;
	if ((rc = smime_der__create(&node, "CMS.CompressedData")) != SMIME_OK)
		goto out;
	if ((rc = smime_der__write_uint(node, "version", 0)) == SMIME_OK &&
	    (rc = smime_cms__write_alg(node, "compressionAlgorithm", SMIME_OID_ZLIB, NULL,
				       0)) == SMIME_OK &&
	    (rc = smime_der__write_str(node, "encapContentInfo.eContentType",
				       smime_oid__dotted(SMIME_OID_DATA))) == SMIME_OK &&
	    (rc = smime_der__write(node, "encapContentInfo.eContent", z.data, z.len)) == SMIME_OK &&
	    (rc = smime_der__encode(&der, node, NULL)) == SMIME_OK)
		rc = smime_cms__content_info_encode(out, SMIME_OID_COMPRESSED_DATA, der.data,
						    der.len);
out:
	smime_buf_free(&z);
	smime_buf_free(&der);
	smime_der__free(&node);
	return rc;
}

/* Inflates a whole zlib stream into out, refusing more than max bytes. */
static int inflate_capped(smime_buf *out, const uint8_t *in, size_t len, size_t max)
{
	z_stream zs;
	smime_buf res = SMIME_BUF_INIT;
	size_t fed = 0;
	int zrc, rc = SMIME_OK;

	memset(&zs, 0, sizeof zs);
	switch (inflateInit(&zs)) {
	case Z_OK:
		break;
	case Z_MEM_ERROR:
		return SMIME_E_NO_MEMORY;
	default:
		return SMIME_E_INTERNAL;
	}
	for (;;) {
		size_t room, chunk;
		if (zs.avail_in == 0 && fed < len) {
			size_t n = len - fed;
			if (n > UINT_MAX)
				n = UINT_MAX;
			zs.next_in = (Bytef *)(uintptr_t)(in + fed);
			zs.avail_in = (uInt)n;
			fed += n;
		}
		/* room for at most max + 1 bytes in total: one byte past the
		 * cap is enough to know the output is too large */
		room = max - res.len + 1;
		chunk = room < INFLATE_CHUNK ? room : INFLATE_CHUNK;
		if ((rc = smime_buf__reserve(&res, chunk)) != SMIME_OK)
			break;
		zs.next_out = res.data + res.len;
		zs.avail_out = (uInt)chunk;
		zrc = inflate(&zs, Z_NO_FLUSH);
		res.len += chunk - zs.avail_out;
		res.data[res.len] = 0;
		if (res.len > max) {
			rc = SMIME_E_LIMIT;
			break;
		}
		if (zrc == Z_STREAM_END) {
			/* nothing may follow the stream */
			if (zs.avail_in != 0 || fed < len)
				rc = SMIME_E_MALFORMED;
			break;
		}
		if (zrc == Z_OK)
			continue;
		if (zrc == Z_BUF_ERROR && (zs.avail_in != 0 || fed < len))
			continue; /* cannot happen with room left; be safe */
		/* Z_BUF_ERROR without input: truncated; Z_DATA_ERROR,
		 * Z_NEED_DICT: not a stream libsmime can inflate */
		rc = zrc == Z_MEM_ERROR ? SMIME_E_NO_MEMORY : SMIME_E_MALFORMED;
		break;
	}
	inflateEnd(&zs);
	if (rc != SMIME_OK) {
		smime_buf_free(&res);
		return rc;
	}
	smime_buf__move(out, &res);
	return SMIME_OK;
}

int smime_cms__compressed_data_open(smime_buf *out, const uint8_t *der, size_t len,
				    size_t max)
{
	asn1_node node = NULL;
	char oid[SMIME_OID_MAX];
	smime_buf z = SMIME_BUF_INIT, params = SMIME_BUF_INIT;
	unsigned long version = 0;
	int rc;

	if (out == NULL || der == NULL)
		return SMIME_E_INVALID_ARGUMENT;
	if (max == SIZE_MAX)
		max = SIZE_MAX - 1; /* room for the one byte past the cap */
	if ((rc = smime_der__decode(&node, "CMS.CompressedData", der, len)) != SMIME_OK)
		return rc;
	if ((rc = smime_der__read_uint(node, "version", &version)) != SMIME_OK)
		goto out;
	if (version != 0) {
		rc = SMIME_E_UNSUPPORTED;
		goto out;
	}
	if ((rc = smime_der__read_oid(node, "compressionAlgorithm.algorithm", oid)) != SMIME_OK)
		goto out;
	if (smime_oid__lookup(oid) != SMIME_OID_ZLIB) {
		rc = SMIME_E_UNSUPPORTED;
		goto out;
	}
	/* RFC 3274 §2: parameters absent (a NULL is tolerated) */
	if (smime_der__exists(node, "compressionAlgorithm.parameters")) {
		rc = smime_der__read(&params, node, "compressionAlgorithm.parameters");
		if (rc != SMIME_OK)
			goto out;
		if (!(params.len == 2 && params.data[0] == 0x05 && params.data[1] == 0x00)) {
			rc = SMIME_E_MALFORMED;
			goto out;
		}
	}
	if (!smime_der__exists(node, "encapContentInfo.eContent")) {
		rc = SMIME_E_NO_CONTENT;
		goto out;
	}
	if ((rc = smime_der__read(&z, node, "encapContentInfo.eContent")) != SMIME_OK)
		goto out;
	rc = inflate_capped(out, z.data, z.len, max);
out:
	smime_buf_free(&z);
	smime_buf_free(&params);
	smime_der__free(&node);
	return rc;
}
