package dev.trellis.temporal.codec;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import com.google.protobuf.ByteString;
import io.temporal.api.common.v1.Payload;
import io.temporal.common.converter.CodecDataConverter;
import io.temporal.common.converter.DefaultDataConverter;
import io.temporal.payload.codec.PayloadCodecException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EncryptionCodecTest {

	private static final String PROMPT = "Summarise the quarterly numbers for ACME-7781";

	static byte[] newKey() {
		byte[] key = new byte[32];
		new SecureRandom().nextBytes(key);
		return key;
	}

	@Test
	void roundTripRestoresTheOriginalPayload() {
		EncryptionCodec codec = EncryptionCodec.of("k1", newKey(), Map.of());
		Payload original = DefaultDataConverter.STANDARD_INSTANCE.toPayload(Map.of("prompt", PROMPT)).orElseThrow();

		List<Payload> encoded = codec.encode(List.of(original));
		List<Payload> decoded = codec.decode(encoded);

		assertThat(decoded).containsExactly(original);
	}

	@Test
	void encodedPayloadCarriesNoPlaintextAndNamesItsKey() {
		EncryptionCodec codec = EncryptionCodec.of("k1", newKey(), Map.of());
		CodecDataConverter converter = new CodecDataConverter(DefaultDataConverter.STANDARD_INSTANCE, List.of(codec));

		Payload raw = converter.toPayload(Map.of("prompt", PROMPT)).orElseThrow();

		assertThat(raw.toByteString().toString(StandardCharsets.ISO_8859_1)).doesNotContain(PROMPT)
			.doesNotContain("json/plain")
			.doesNotContain("prompt");
		assertThat(raw.getMetadataOrThrow("encoding").toStringUtf8()).isEqualTo(EncryptionCodec.ENCODING);
		assertThat(raw.getMetadataOrThrow(EncryptionCodec.KEY_ID).toStringUtf8()).isEqualTo("k1");
		assertThat(converter.fromPayload(raw, Map.class, Map.class)).containsEntry("prompt", PROMPT);
	}

	@Test
	void theSamePlaintextEncryptsDifferentlyEachTime() {
		EncryptionCodec codec = EncryptionCodec.of("k1", newKey(), Map.of());
		Payload original = DefaultDataConverter.STANDARD_INSTANCE.toPayload(PROMPT).orElseThrow();

		assertThat(codec.encode(List.of(original)).get(0).getData())
			.isNotEqualTo(codec.encode(List.of(original)).get(0).getData());
	}

	@Test
	void rotationEncryptsWithTheNewKeyAndStillDecryptsTheOld() {
		byte[] oldKey = newKey();
		byte[] newKey = newKey();
		EncryptionCodec before = EncryptionCodec.of("2026-05", oldKey, Map.of());
		EncryptionCodec after = EncryptionCodec.of("2026-11", newKey, Map.of("2026-05", oldKey));
		Payload original = DefaultDataConverter.STANDARD_INSTANCE.toPayload(PROMPT).orElseThrow();

		List<Payload> writtenBefore = before.encode(List.of(original));
		List<Payload> writtenAfter = after.encode(List.of(original));

		assertThat(after.decode(writtenBefore)).containsExactly(original);
		assertThat(writtenAfter.get(0).getMetadataOrThrow(EncryptionCodec.KEY_ID).toStringUtf8()).isEqualTo("2026-11");
		assertThatThrownBy(() -> before.decode(writtenAfter)).isInstanceOf(PayloadCodecException.class)
			.hasMessageContaining("2026-11");
	}

	@Test
	void tamperedCiphertextIsRejected() {
		EncryptionCodec codec = EncryptionCodec.of("k1", newKey(), Map.of());
		Payload encoded = codec.encode(List.of(DefaultDataConverter.STANDARD_INSTANCE.toPayload(PROMPT).orElseThrow()))
			.get(0);
		byte[] data = encoded.getData().toByteArray();
		data[data.length - 1] ^= 1;
		Payload tampered = encoded.toBuilder().setData(ByteString.copyFrom(data)).build();

		assertThatThrownBy(() -> codec.decode(List.of(tampered))).isInstanceOf(PayloadCodecException.class)
			.hasMessageContaining("tampered");
	}

	@Test
	void payloadsWrittenBeforeEncryptionWasOnPassThrough() {
		EncryptionCodec codec = EncryptionCodec.of("k1", newKey(), Map.of());
		Payload plain = DefaultDataConverter.STANDARD_INSTANCE.toPayload(PROMPT).orElseThrow();

		assertThat(codec.decode(List.of(plain))).containsExactly(plain);
	}

	@Test
	void keysMustBeThirtyTwoBytesOfBase64() {
		String shortKey = Base64.getEncoder().encodeToString(new byte[16]);

		assertThatThrownBy(() -> EncryptionCodec.fromBase64(null, shortKey, Map.of()))
			.isInstanceOf(IllegalArgumentException.class)
			.hasMessageContaining("32 bytes");
		assertThatThrownBy(() -> EncryptionCodec.fromBase64(null, "not base64!", Map.of()))
			.isInstanceOf(IllegalArgumentException.class)
			.hasMessageContaining("base64");
	}

	@Test
	void withoutAnIdTheKeyIdIsDerivedFromTheKey() {
		byte[] key = newKey();
		String base64 = Base64.getEncoder().encodeToString(key);

		EncryptionCodec codec = EncryptionCodec.fromBase64("", base64, Map.of());

		assertThat(codec.currentKeyId()).isEqualTo(EncryptionCodec.deriveKeyId(key)).startsWith("k-").hasSize(14);
		assertThat(EncryptionCodec.fromBase64(null, base64, Map.of()).currentKeyId()).isEqualTo(codec.currentKeyId());
	}

}
