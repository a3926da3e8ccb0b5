/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Key wrap algorithms of CMS:
 *
 *  - AES key wrap (RFC 3394), on Nettle's nist_keywrap16/nist_keyunwrap16;
 *  - AES key wrap with padding (RFC 5649): the wrap is RFC 3394 with the
 *    alternative IV, the unwrap recovers the IV itself because the message
 *    length indicator inside it is not known in advance;
 *  - the CMS Triple-DES key wrap (RFC 3217 §3);
 *  - the PWRI-KEK wrap of password recipients (RFC 3211 §2.3).
 *
 * Every unwrap checks its integrity value without a data-dependent branch
 * before the single final decision, and wipes its output when the check
 * fails (SMIME_E_DECRYPT). The key schedules live on the stack and are
 * wiped before returning.
 */
#include "crypto/crypto.h"

#include <stdlib.h>
#include <string.h>

#include <nettle/aes.h>
#include <nettle/cbc.h>
#include <nettle/des.h>
#include <nettle/memops.h>
#include <nettle/nist-keywrap.h>

#define KW_BLOCK 8            /* RFC 3394 semiblock */
#define MAX_BLOCK AES_BLOCK_SIZE

/* RFC 3394 §2.2.3.1 default IV */
static const uint8_t kw_iv[KW_BLOCK] = {
	0xa6, 0xa6, 0xa6, 0xa6, 0xa6, 0xa6, 0xa6, 0xa6
};
/* RFC 5649 §3: the constant half of the alternative IV */
static const uint8_t kwp_aiv[4] = { 0xa6, 0x59, 0x59, 0xa6 };
/* RFC 3217 §3.1 step 8: IV of the second encryption pass */
static const uint8_t des3_wrap_iv2[8] = {
	0x4a, 0xdd, 0xa2, 0x2c, 0x79, 0xe8, 0x21, 0x05
};

/* ------------------------------------------------------------------ */
/* One block cipher (AES-128/192/256 or Triple-DES) behind one type.   */
/* ------------------------------------------------------------------ */

enum blk_kind { BLK_AES128, BLK_AES192, BLK_AES256, BLK_DES3 };

struct blk {
	enum blk_kind kind;
	size_t block_size;
	union {
		struct aes128_ctx aes128;
		struct aes192_ctx aes192;
		struct aes256_ctx aes256;
		struct des3_ctx des3;
	} u;
};

/* Typed wrappers, so that no function pointer is called through a cast. */
static void blk_encrypt(const void *ctx, size_t len, uint8_t *dst, const uint8_t *src)
{
	const struct blk *b = ctx;

	switch (b->kind) {
	case BLK_AES128:
		aes128_encrypt(&b->u.aes128, len, dst, src);
		break;
	case BLK_AES192:
		aes192_encrypt(&b->u.aes192, len, dst, src);
		break;
	case BLK_AES256:
		aes256_encrypt(&b->u.aes256, len, dst, src);
		break;
	case BLK_DES3:
		des3_encrypt(&b->u.des3, len, dst, src);
		break;
	}
}

static void blk_decrypt(const void *ctx, size_t len, uint8_t *dst, const uint8_t *src)
{
	const struct blk *b = ctx;

	switch (b->kind) {
	case BLK_AES128:
		aes128_decrypt(&b->u.aes128, len, dst, src);
		break;
	case BLK_AES192:
		aes192_decrypt(&b->u.aes192, len, dst, src);
		break;
	case BLK_AES256:
		aes256_decrypt(&b->u.aes256, len, dst, src);
		break;
	case BLK_DES3:
		des3_decrypt(&b->u.des3, len, dst, src);
		break;
	}
}

/* AES with a 16, 24 or 32-byte key. */
static int blk_aes_init(struct blk *b, bool encrypt, const uint8_t *key, size_t key_len)
{
	b->block_size = AES_BLOCK_SIZE;
	switch (key_len) {
	case AES128_KEY_SIZE:
		b->kind = BLK_AES128;
		if (encrypt)
			aes128_set_encrypt_key(&b->u.aes128, key);
		else
			aes128_set_decrypt_key(&b->u.aes128, key);
		return SMIME_OK;
	case AES192_KEY_SIZE:
		b->kind = BLK_AES192;
		if (encrypt)
			aes192_set_encrypt_key(&b->u.aes192, key);
		else
			aes192_set_decrypt_key(&b->u.aes192, key);
		return SMIME_OK;
	case AES256_KEY_SIZE:
		b->kind = BLK_AES256;
		if (encrypt)
			aes256_set_encrypt_key(&b->u.aes256, key);
		else
			aes256_set_decrypt_key(&b->u.aes256, key);
		return SMIME_OK;
	default:
		return SMIME_E_INVALID_ARGUMENT;
	}
}

/* Triple-DES (EDE, three keys). Nettle reports weak DES keys, which it
 * still sets up; a KEK that happens to contain one is used as given, as
 * other implementations do. */
static void blk_des3_init(struct blk *b, const uint8_t key[DES3_KEY_SIZE])
{
	b->kind = BLK_DES3;
	b->block_size = DES3_BLOCK_SIZE;
	(void)des3_set_key(&b->u.des3, key);
}

/* The block cipher of a CBC cipher descriptor (AES or Triple-DES). The
 * descriptor's sizes are checked too, so an entry that does not describe
 * the cipher its id names is refused rather than misused. */
static int blk_from_desc(struct blk *b, const smime_cipher_desc *c, bool encrypt,
			 const uint8_t *key)
{
	switch (c->id) {
	case SMIME_CIPHER_ID_AES128_CBC:
	case SMIME_CIPHER_ID_AES192_CBC:
	case SMIME_CIPHER_ID_AES256_CBC:
		if (c->block_size != AES_BLOCK_SIZE || c->iv_size != AES_BLOCK_SIZE)
			return SMIME_E_UNSUPPORTED;
		return blk_aes_init(b, encrypt, key, c->key_size);
	case SMIME_CIPHER_ID_DES_EDE3_CBC:
		if (c->block_size != DES3_BLOCK_SIZE || c->iv_size != DES3_BLOCK_SIZE ||
		    c->key_size != DES3_KEY_SIZE)
			return SMIME_E_UNSUPPORTED;
		blk_des3_init(b, key);
		return SMIME_OK;
	default:
		return SMIME_E_UNSUPPORTED;
	}
}

static void cbc_enc(const struct blk *b, uint8_t *iv, size_t len, uint8_t *dst,
		    const uint8_t *src)
{
	cbc_encrypt(b, blk_encrypt, b->block_size, iv, len, dst, src);
}

static void cbc_dec(const struct blk *b, uint8_t *iv, size_t len, uint8_t *dst,
		    const uint8_t *src)
{
	cbc_decrypt(b, blk_decrypt, b->block_size, iv, len, dst, src);
}

/* All-ones when x == 0, zero otherwise; no branch. */
static uint32_t ct_is_zero(uint64_t x)
{
	return (uint32_t)(((x | ((uint64_t)0 - x)) >> 63) - 1);
}

/* ------------------------------------------------------------------ */
/* AES key wrap (RFC 3394)                                              */
/* ------------------------------------------------------------------ */

int smime_crypto__aes_wrap(const uint8_t *kek, size_t kek_len, const uint8_t *in,
			   size_t in_len, uint8_t *out)
{
	struct blk b;
	int ret;

	if (kek == NULL || in == NULL || out == NULL)
		return SMIME_E_INVALID_ARGUMENT;
	/* n >= 2 semiblocks of plaintext (§2.2.1) */
	if (in_len < 2 * KW_BLOCK || in_len % KW_BLOCK != 0 || in_len > SIZE_MAX - KW_BLOCK)
		return SMIME_E_INVALID_ARGUMENT;
	ret = blk_aes_init(&b, true, kek, kek_len);
	if (ret < 0)
		return ret;
	nist_keywrap16(&b, blk_encrypt, kw_iv, in_len + KW_BLOCK, out, in);
	smime_wipe(&b, sizeof(b));
	return SMIME_OK;
}

int smime_crypto__aes_unwrap(const uint8_t *kek, size_t kek_len, const uint8_t *in,
			     size_t in_len, uint8_t *out, size_t *out_len)
{
	struct blk b;
	int ret, ok;

	if (out_len != NULL)
		*out_len = 0;
	if (kek == NULL || in == NULL || out == NULL || out_len == NULL)
		return SMIME_E_INVALID_ARGUMENT;
	if (in_len < 3 * KW_BLOCK || in_len % KW_BLOCK != 0)
		return SMIME_E_DECRYPT;
	ret = blk_aes_init(&b, false, kek, kek_len);
	if (ret < 0)
		return ret;
	/* Nettle compares the recovered IV with memeql_sec. */
	ok = nist_keyunwrap16(&b, blk_decrypt, kw_iv, in_len - KW_BLOCK, out, in);
	smime_wipe(&b, sizeof(b));
	if (!ok) {
		smime_wipe(out, in_len - KW_BLOCK);
		return SMIME_E_DECRYPT;
	}
	*out_len = in_len - KW_BLOCK;
	return SMIME_OK;
}

/* ------------------------------------------------------------------ */
/* AES key wrap with padding (RFC 5649)                                 */
/* ------------------------------------------------------------------ */

int smime_crypto__aes_wrap_pad(const uint8_t *kek, size_t kek_len, const uint8_t *in,
			       size_t in_len, uint8_t *out, size_t *out_len)
{
	uint8_t aiv[KW_BLOCK];
	uint8_t *padded;
	size_t plen;
	struct blk b;
	int ret;

	if (out_len != NULL)
		*out_len = 0;
	if (kek == NULL || in == NULL || out == NULL || out_len == NULL)
		return SMIME_E_INVALID_ARGUMENT;
	/* 1 <= MLI < 2^32 (§3) */
	if (in_len == 0 || in_len > UINT32_MAX)
		return SMIME_E_INVALID_ARGUMENT;
	plen = (in_len + KW_BLOCK - 1) / KW_BLOCK * KW_BLOCK;

	memcpy(aiv, kwp_aiv, sizeof(kwp_aiv));
	aiv[4] = (uint8_t)(in_len >> 24);
	aiv[5] = (uint8_t)(in_len >> 16);
	aiv[6] = (uint8_t)(in_len >> 8);
	aiv[7] = (uint8_t)in_len;

	ret = blk_aes_init(&b, true, kek, kek_len);
	if (ret < 0)
		return ret;

	if (plen == KW_BLOCK) {
		/* §4.1: one semiblock: a single AES-ECB encryption of
		 * AIV || P, the padding being zeros. */
		uint8_t block[AES_BLOCK_SIZE];

		memcpy(block, aiv, KW_BLOCK);
		memset(block + KW_BLOCK, 0, KW_BLOCK);
		memcpy(block + KW_BLOCK, in, in_len);
		blk_encrypt(&b, AES_BLOCK_SIZE, out, block);
		smime_wipe(block, sizeof(block));
	} else {
		/* A zero-padded copy of the key (§4.1 step 1). */
		padded = malloc(plen);
		if (padded == NULL) {
			smime_wipe(&b, sizeof(b));
			return SMIME_E_NO_MEMORY;
		}
		memcpy(padded, in, in_len);
		memset(padded + in_len, 0, plen - in_len);
		nist_keywrap16(&b, blk_encrypt, aiv, plen + KW_BLOCK, out, padded);
		smime_wipe(padded, plen);
		free(padded);
	}
	smime_wipe(&b, sizeof(b));
	*out_len = plen + KW_BLOCK;
	return SMIME_OK;
}

/*
 * RFC 3394 §2.2.2 (index form) with the recovered A returned instead of
 * compared: n semiblocks of output, A in a.
 */
static void kw_unwrap_raw(const struct blk *b, const uint8_t *in, size_t n,
			  uint8_t a[KW_BLOCK], uint8_t *r)
{
	uint8_t block[AES_BLOCK_SIZE];
	uint64_t t;
	size_t i;
	int j, k;

	memcpy(a, in, KW_BLOCK);
	memmove(r, in + KW_BLOCK, n * KW_BLOCK);
	for (j = 5; j >= 0; j--) {
		for (i = n; i >= 1; i--) {
			t = (uint64_t)n * (uint64_t)j + i;
			memcpy(block, a, KW_BLOCK);
			for (k = 7; k >= 0; k--) {
				block[k] ^= (uint8_t)t;
				t >>= 8;
			}
			memcpy(block + KW_BLOCK, r + (i - 1) * KW_BLOCK, KW_BLOCK);
			blk_decrypt(b, AES_BLOCK_SIZE, block, block);
			memcpy(a, block, KW_BLOCK);
			memcpy(r + (i - 1) * KW_BLOCK, block + KW_BLOCK, KW_BLOCK);
		}
	}
	smime_wipe(block, sizeof(block));
}

int smime_crypto__aes_unwrap_pad(const uint8_t *kek, size_t kek_len, const uint8_t *in,
				 size_t in_len, uint8_t *out, size_t *out_len)
{
	uint8_t a[KW_BLOCK];
	size_t n, plen, i;
	uint32_t mli, bad, pad_nz;
	struct blk b;
	int ret;

	if (out_len != NULL)
		*out_len = 0;
	if (kek == NULL || in == NULL || out == NULL || out_len == NULL)
		return SMIME_E_INVALID_ARGUMENT;
	if (in_len < 2 * KW_BLOCK || in_len % KW_BLOCK != 0)
		return SMIME_E_DECRYPT;
	/* The MLI is 32 bits: more than 2^32 + 7 bytes cannot be valid. */
	if ((in_len - KW_BLOCK) / KW_BLOCK > ((size_t)UINT32_MAX + 7) / KW_BLOCK)
		return SMIME_E_DECRYPT;
	ret = blk_aes_init(&b, false, kek, kek_len);
	if (ret < 0)
		return ret;

	n = in_len / KW_BLOCK - 1;
	plen = n * KW_BLOCK;
	if (n == 1) {
		/* §4.2: a single AES-ECB decryption */
		uint8_t block[AES_BLOCK_SIZE];

		blk_decrypt(&b, AES_BLOCK_SIZE, block, in);
		memcpy(a, block, KW_BLOCK);
		memcpy(out, block + KW_BLOCK, KW_BLOCK);
		smime_wipe(block, sizeof(block));
	} else {
		kw_unwrap_raw(&b, in, n, a, out);
	}
	smime_wipe(&b, sizeof(b));

	/* §3 step 3: AIV constant, 8*(n-1) < MLI <= 8*n, zero padding. All
	 * checks are folded into one flag; the padding scan reads every
	 * candidate byte whatever the MLI. */
	mli = (uint32_t)a[4] << 24 | (uint32_t)a[5] << 16 | (uint32_t)a[6] << 8 | a[7];
	bad = ~ct_is_zero((uint32_t)(a[0] ^ kwp_aiv[0]) | (uint32_t)(a[1] ^ kwp_aiv[1]) |
			  (uint32_t)(a[2] ^ kwp_aiv[2]) | (uint32_t)(a[3] ^ kwp_aiv[3]));
	/* mli - 1 must lie in [plen - 8, plen - 1]: (mli - 1) - (plen - 8) < 8 */
	bad |= ~ct_is_zero(((uint64_t)mli - 1 - (plen - KW_BLOCK)) >> 3);
	pad_nz = 0;
	for (i = plen - KW_BLOCK; i < plen; i++) {
		/* all-ones when i >= mli (a padding byte) */
		uint32_t is_pad = (uint32_t)0 - (uint32_t)(((uint64_t)mli - 1 - i) >> 63);

		pad_nz |= is_pad & out[i];
	}
	bad |= ~ct_is_zero(pad_nz);
	smime_wipe(a, sizeof(a));
	if (bad) {
		smime_wipe(out, plen);
		return SMIME_E_DECRYPT;
	}
	*out_len = mli;
	return SMIME_OK;
}

/* ------------------------------------------------------------------ */
/* Triple-DES key wrap (RFC 3217 §3)                                    */
/* ------------------------------------------------------------------ */

#define DES3_WRAPPED_LEN (DES3_KEY_SIZE + 8 + DES3_BLOCK_SIZE) /* 40 */

static void reverse(uint8_t *p, size_t len)
{
	size_t i;

	for (i = 0; i < len / 2; i++) {
		uint8_t t = p[i];

		p[i] = p[len - 1 - i];
		p[len - 1 - i] = t;
	}
}

/* The CMS key checksum (RFC 3217 §2): the first 8 bytes of SHA-1(CEK). */
static void des3_icv(const uint8_t cek[DES3_KEY_SIZE], uint8_t icv[8])
{
	uint8_t h[SMIME_DIGEST_MAX_SIZE];

	smime_crypto__digest(smime_crypto__digest_get(SMIME_DIGEST_SHA1), cek,
			     DES3_KEY_SIZE, h);
	memcpy(icv, h, 8);
	smime_wipe(h, sizeof(h));
}

int smime_crypto__des3_wrap(const uint8_t *kek, const uint8_t *in, size_t in_len,
			    uint8_t *out, size_t *out_len)
{
	uint8_t buf[DES3_WRAPPED_LEN];
	uint8_t iv[DES3_BLOCK_SIZE];
	struct blk b;
	int ret;

	if (out_len != NULL)
		*out_len = 0;
	if (kek == NULL || in == NULL || out == NULL || out_len == NULL)
		return SMIME_E_INVALID_ARGUMENT;
	/* The wrapped key is a Triple-DES CEK (§3). */
	if (in_len != DES3_KEY_SIZE)
		return SMIME_E_INVALID_ARGUMENT;

	/* Steps 1-3: CEK with odd parity, then its ICV. buf = IV || CEKICV */
	des_fix_parity(DES3_KEY_SIZE, buf + DES3_BLOCK_SIZE, in);
	des3_icv(buf + DES3_BLOCK_SIZE, buf + DES3_BLOCK_SIZE + DES3_KEY_SIZE);
	/* Step 4: a random IV */
	ret = smime_crypto__random(iv, sizeof(iv));
	if (ret < 0)
		goto out;
	memcpy(buf, iv, sizeof(iv));
	blk_des3_init(&b, kek);
	/* Steps 5-6: TEMP2 = IV || CBC(KEK, IV, CEKICV) */
	cbc_enc(&b, iv, DES3_KEY_SIZE + 8, buf + DES3_BLOCK_SIZE, buf + DES3_BLOCK_SIZE);
	/* Step 7: reverse the octets */
	reverse(buf, sizeof(buf));
	/* Step 8: CBC again with the fixed IV */
	memcpy(iv, des3_wrap_iv2, sizeof(iv));
	cbc_enc(&b, iv, sizeof(buf), out, buf);
	smime_wipe(&b, sizeof(b));
	*out_len = sizeof(buf);
	ret = SMIME_OK;
out:
	smime_wipe(buf, sizeof(buf));
	smime_wipe(iv, sizeof(iv));
	return ret;
}

int smime_crypto__des3_unwrap(const uint8_t *kek, const uint8_t *in, size_t in_len,
			      uint8_t *out, size_t *out_len)
{
	uint8_t buf[DES3_WRAPPED_LEN];
	uint8_t iv[DES3_BLOCK_SIZE];
	uint8_t icv[8];
	struct blk b;
	int ok;

	if (out_len != NULL)
		*out_len = 0;
	if (kek == NULL || in == NULL || out == NULL || out_len == NULL)
		return SMIME_E_INVALID_ARGUMENT;
	/* §3.2 step 1 (and a Triple-DES CEK): exactly 40 octets */
	if (in_len != DES3_WRAPPED_LEN)
		return SMIME_E_DECRYPT;

	blk_des3_init(&b, kek);
	/* Steps 2-3: decrypt with the fixed IV, reverse */
	memcpy(iv, des3_wrap_iv2, sizeof(iv));
	cbc_dec(&b, iv, sizeof(buf), buf, in);
	reverse(buf, sizeof(buf));
	/* Steps 4-5: the first block is the IV of the inner pass */
	memcpy(iv, buf, sizeof(iv));
	cbc_dec(&b, iv, DES3_KEY_SIZE + 8, buf + DES3_BLOCK_SIZE, buf + DES3_BLOCK_SIZE);
	smime_wipe(&b, sizeof(b));
	/* Steps 6-7: compare the ICV */
	des3_icv(buf + DES3_BLOCK_SIZE, icv);
	ok = memeql_sec(icv, buf + DES3_BLOCK_SIZE + DES3_KEY_SIZE, sizeof(icv));
	if (ok) {
		memcpy(out, buf + DES3_BLOCK_SIZE, DES3_KEY_SIZE);
		*out_len = DES3_KEY_SIZE;
	}
	smime_wipe(buf, sizeof(buf));
	smime_wipe(iv, sizeof(iv));
	smime_wipe(icv, sizeof(icv));
	if (!ok) {
		smime_wipe(out, DES3_KEY_SIZE);
		return SMIME_E_DECRYPT;
	}
	return SMIME_OK;
}

/* ------------------------------------------------------------------ */
/* PWRI-KEK (RFC 3211 §2.3)                                             */
/* ------------------------------------------------------------------ */

/*
 * Wrap: block = len || ~cek[0..2] || cek || random padding, a multiple of
 * the block size and at least two blocks; encrypt it in CBC with the IV,
 * then encrypt the result again, continuing the chain (the IV of the
 * second pass is the last ciphertext block of the first).
 */
int smime_crypto__pwri_wrap(const smime_cipher_desc *c, const uint8_t *kek,
			    const uint8_t *iv, const uint8_t *cek, size_t cek_len,
			    smime_buf *out)
{
	uint8_t chain[MAX_BLOCK];
	smime_buf tmp = SMIME_BUF_INIT;
	size_t bs, len;
	struct blk b;
	int ret;

	if (c == NULL || kek == NULL || iv == NULL || cek == NULL || out == NULL)
		return SMIME_E_INVALID_ARGUMENT;
	/* The length byte counts the CEK; the check value needs 3 bytes. */
	if (cek_len < 3 || cek_len > 255)
		return SMIME_E_INVALID_ARGUMENT;
	ret = blk_from_desc(&b, c, true, kek);
	if (ret < 0)
		return ret;
	bs = b.block_size;
	len = (4 + cek_len + bs - 1) / bs * bs;
	if (len < 2 * bs)
		len = 2 * bs;

	ret = smime_buf__reserve(&tmp, len);
	if (ret < 0)
		goto out;
	tmp.len = len;
	tmp.data[len] = 0;
	tmp.data[0] = (uint8_t)cek_len;
	tmp.data[1] = (uint8_t)~cek[0];
	tmp.data[2] = (uint8_t)~cek[1];
	tmp.data[3] = (uint8_t)~cek[2];
	memcpy(tmp.data + 4, cek, cek_len);
	ret = smime_crypto__random(tmp.data + 4 + cek_len, len - 4 - cek_len);
	if (ret < 0)
		goto out;

	memcpy(chain, iv, bs);
	cbc_enc(&b, chain, len, tmp.data, tmp.data);
	/* cbc_encrypt left the last ciphertext block in chain */
	cbc_enc(&b, chain, len, tmp.data, tmp.data);

	smime_buf_free_secret(out);
	smime_buf__move(out, &tmp);
	ret = SMIME_OK;
out:
	smime_wipe(&b, sizeof(b));
	smime_wipe(chain, sizeof(chain));
	smime_buf_free_secret(&tmp);
	return ret;
}

/*
 * Unwrap (§2.3.2): with C_1..C_n the input, the outer pass gives
 * B_n = D(C_n) ^ C_{n-1} and B_i = D(C_i) ^ C_{i-1} with C_0 = B_n; the
 * inner pass is an ordinary CBC decryption of B_1..B_n with the IV.
 */
int smime_crypto__pwri_unwrap(const smime_cipher_desc *c, const uint8_t *kek,
			      const uint8_t *iv, const uint8_t *in, size_t in_len,
			      smime_buf *cek)
{
	uint8_t chain[MAX_BLOCK];
	smime_buf tmp = SMIME_BUF_INIT;
	size_t bs, i, len;
	uint32_t bad, check;
	struct blk b;
	int ret;

	if (c == NULL || kek == NULL || iv == NULL || in == NULL || cek == NULL)
		return SMIME_E_INVALID_ARGUMENT;
	ret = blk_from_desc(&b, c, false, kek);
	if (ret < 0)
		return ret;
	bs = b.block_size;
	ret = SMIME_E_DECRYPT;
	if (in_len < 2 * bs || in_len % bs != 0)
		goto out;
	ret = smime_buf__reserve(&tmp, in_len);
	if (ret < 0)
		goto out;
	tmp.len = in_len;
	tmp.data[in_len] = 0;

	/* B_n, using C_{n-1} as the IV */
	memcpy(chain, in + in_len - 2 * bs, bs);
	cbc_dec(&b, chain, bs, tmp.data + in_len - bs, in + in_len - bs);
	/* B_1..B_{n-1}, using B_n as the IV */
	memcpy(chain, tmp.data + in_len - bs, bs);
	cbc_dec(&b, chain, in_len - bs, tmp.data, in);
	/* the inner layer */
	memcpy(chain, iv, bs);
	cbc_dec(&b, chain, in_len, tmp.data, tmp.data);

	/* §2.3.2 1a/1b: 3 <= count <= in_len - 4, check bytes complement
	 * the first three CEK bytes. The count is compared without a
	 * branch; the check bytes are read at fixed offsets 1..6, valid
	 * since in_len >= 2 blocks >= 16. */
	len = tmp.data[0];
	bad = (uint32_t)0 - (uint32_t)(((uint64_t)len - 3) >> 63);          /* len < 3 */
	bad |= (uint32_t)0 - (uint32_t)(((uint64_t)(in_len - 4) - len) >> 63); /* len > in_len-4 */
	check = 0;
	for (i = 0; i < 3; i++)
		check |= (uint32_t)(uint8_t)(tmp.data[1 + i] ^ tmp.data[4 + i] ^ 0xff);
	bad |= ~ct_is_zero(check);
	if (bad) {
		ret = SMIME_E_DECRYPT;
		goto out;
	}
	memmove(tmp.data, tmp.data + 4, len);
	smime_wipe(tmp.data + len, in_len - len);
	tmp.len = len;
	smime_buf_free_secret(cek);
	smime_buf__move(cek, &tmp);
	ret = SMIME_OK;
out:
	smime_wipe(&b, sizeof(b));
	smime_wipe(chain, sizeof(chain));
	smime_buf_free_secret(&tmp);
	return ret;
}
