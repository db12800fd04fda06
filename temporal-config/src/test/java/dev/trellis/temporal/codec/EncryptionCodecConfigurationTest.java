package dev.trellis.temporal.codec;

import java.util.Base64;
import java.util.List;
import java.util.Map;

import com.google.protobuf.ByteString;
import dev.trellis.temporal.TemporalClientConfiguration;
import io.temporal.api.common.v1.Payload;
import io.temporal.common.converter.DataConverter;
import io.temporal.payload.codec.PayloadCodec;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

class EncryptionCodecConfigurationTest {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(TemporalClientConfiguration.class))
		.withUserConfiguration(EncryptionCodecConfiguration.class);

	@Test
	void aConfiguredKeyPutsTheCodecIntoTheTemporalDataConverter() {
		String key = Base64.getEncoder().encodeToString(EncryptionCodecTest.newKey());
		runner.withPropertyValues("trellis.temporal.encryption.key=" + key, "trellis.temporal.encryption.key-id=dev")
			.run(context -> {
				assertThat(context).hasSingleBean(EncryptionCodec.class);
				Payload payload = context.getBean(DataConverter.class).toPayload("secret prompt").orElseThrow();
				assertThat(EncryptionCodec.isEncrypted(payload)).isTrue();
				assertThat(payload.getMetadataOrThrow(EncryptionCodec.KEY_ID).toStringUtf8()).isEqualTo("dev");
			});
	}

	@Test
	void olderKeysAreAcceptedForDecryption() {
		byte[] old = EncryptionCodecTest.newKey();
		Payload written = EncryptionCodec.of("old", old, Map.of())
			.encode(List.of(Payload.newBuilder().setData(ByteString.copyFromUtf8("x")).build()))
			.get(0);
		runner
			.withPropertyValues(
					"trellis.temporal.encryption.key=" + Base64.getEncoder().encodeToString(EncryptionCodecTest.newKey()),
					"trellis.temporal.encryption.keys.old=" + Base64.getEncoder().encodeToString(old))
			.run(context -> assertThat(context.getBean(EncryptionCodec.class).decode(List.of(written)).get(0)
				.getData()
				.toStringUtf8()).isEqualTo("x"));
	}

	@Test
	void withoutAKeyOrWithABlankOnePayloadsStayUnencrypted() {
		runner.run(context -> assertThat(context).doesNotHaveBean(PayloadCodec.class));
		runner.withPropertyValues("trellis.temporal.encryption.key=")
			.run(context -> assertThat(context).doesNotHaveBean(PayloadCodec.class));
	}

	@Test
	void aMalformedKeyStopsTheStart() {
		runner.withPropertyValues("trellis.temporal.encryption.key=tooshort")
			.run(context -> assertThat(context).hasFailed());
	}

}
