package dev.trellis.temporal.codec;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Contributes the {@link EncryptionCodec} as a {@code PayloadCodec} bean when
 * {@code trellis.temporal.encryption.key} is set; {@code TemporalClientConfiguration} puts every such
 * bean into the data converter, so gateway and worker encrypt and decrypt alike. Both roles need
 * the same keys.
 */
@Configuration(proxyBeanMethods = false)
@Conditional(EncryptionCodecConfiguration.KeyConfigured.class)
@EnableConfigurationProperties(EncryptionProperties.class)
public class EncryptionCodecConfiguration {

	private static final Logger log = LoggerFactory.getLogger(EncryptionCodecConfiguration.class);

	@Bean
	EncryptionCodec encryptionCodec(EncryptionProperties props) {
		EncryptionCodec codec = props.codec();
		log.info("Temporal payload encryption on: key id '{}', {} more key(s) for decryption", codec.currentKeyId(),
				props.keys().size());
		return codec;
	}

	/** A blank key (an empty environment variable) means off, like an absent one. */
	static class KeyConfigured implements Condition {

		@Override
		public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
			String key = context.getEnvironment().getProperty("trellis.temporal.encryption.key");
			return key != null && !key.isBlank();
		}

	}

}
