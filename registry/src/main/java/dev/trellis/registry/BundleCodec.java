package dev.trellis.registry;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

/**
 * Reads and writes bundle documents. Writing is deterministic: keys sorted (the tree is canonicalised
 * first), two-space indentation, {@code \n} line ends, decimals without exponents, a final newline.
 * YAML uses block style, never folds long lines, writes multi-line text as literal blocks (so prompts
 * diff line by line in git) and double-quotes every other string: unquoted, YAML 1.1 would read
 * {@code yes}, {@code 12:30} or {@code 0x1F} back as something other than the string written.
 */
final class BundleCodec {

	static final String FORMAT = "trellis-registry-bundle/v1";

	/** The bundle document: a format marker and entities in dependency order. */
	record Document(String format, List<Entity> entities) {
	}

	/** One entity name and its versions, ascending. */
	record Entity(String kind, String name, List<Version> versions) {
	}

	/**
	 * One version. On import only {@code version} and {@code spec} are required: a hand-written
	 * bundle may leave the digest, dates and authors to the registry.
	 */
	record Version(Integer version, String digest, String description, String createdAt, String createdBy,
			Boolean deprecated, JsonNode spec) {
	}

	private static final ObjectMapper JSON = configure(CanonicalJson.mapper().copy());

	private static final ObjectMapper YAML = configure(new YAMLMapper(YAMLFactory.builder()
		.disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
		.disable(YAMLGenerator.Feature.SPLIT_LINES)
		.enable(YAMLGenerator.Feature.LITERAL_BLOCK_STYLE)
		.enable(YAMLGenerator.Feature.INDENT_ARRAYS_WITH_INDICATOR)
		.build()));

	private static final ObjectWriter PRETTY_JSON = JSON.writer(new DefaultPrettyPrinter()
		.withObjectIndenter(new DefaultIndenter("  ", "\n"))
		.withArrayIndenter(new DefaultIndenter("  ", "\n"))
		.withSeparators(Separators.createDefaultInstance()
			.withObjectFieldValueSpacing(Separators.Spacing.AFTER)
			.withObjectEmptySeparator("")
			.withArrayEmptySeparator("")));

	private BundleCodec() {
	}

	private static ObjectMapper configure(ObjectMapper mapper) {
		return mapper.setNodeFactory(JsonNodeFactory.withExactBigDecimals(true))
			.enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
			.enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
			.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
			.enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN)
			.enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION.mappedFeature());
	}

	static byte[] write(Document document, BundleFormat format) {
		JsonNode tree = CanonicalJson.canonicalize(JSON.valueToTree(document));
		try {
			String text = format == BundleFormat.YAML ? YAML.writeValueAsString(tree)
					: PRETTY_JSON.writeValueAsString(tree) + "\n";
			return text.getBytes(StandardCharsets.UTF_8);
		}
		catch (JsonProcessingException e) {
			throw new IllegalStateException("A JSON tree always serialises", e);
		}
	}

	/**
	 * Parses a bundle.
	 * @throws RegistryValidationException naming the path of a malformed or unknown field
	 */
	static Document read(byte[] content, BundleFormat format) {
		ObjectMapper mapper = format == BundleFormat.YAML ? YAML : JSON;
		try {
			Document document = mapper.readValue(content, Document.class);
			if (document == null) {
				throw RegistryValidationException.of("", "the bundle is empty");
			}
			return document;
		}
		catch (JsonMappingException e) {
			String path = path(e);
			String message = e instanceof UnrecognizedPropertyException u ? "unknown field '" + u.getPropertyName() + "'"
					: "wrong type or missing value";
			throw new RegistryValidationException("The bundle is not valid", List.of(new SpecProblem(path, message)));
		}
		catch (IOException e) {
			throw RegistryValidationException.of("", "the bundle is not valid " + format.name());
		}
	}

	private static String path(JsonMappingException e) {
		StringBuilder sb = new StringBuilder();
		for (JsonMappingException.Reference ref : e.getPath()) {
			if (ref.getFieldName() != null) {
				sb.append(sb.isEmpty() ? "" : ".").append(ref.getFieldName());
			}
			else if (ref.getIndex() >= 0) {
				sb.append('[').append(ref.getIndex()).append(']');
			}
		}
		return sb.toString();
	}

}
