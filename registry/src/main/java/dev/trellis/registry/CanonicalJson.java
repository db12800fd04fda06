package dev.trellis.registry;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The one JSON form a spec is stored, hashed and compared in: object keys sorted, no insignificant
 * whitespace, numbers normalised ({@code 1.0} is {@code 1}, {@code 0.20} is {@code 0.2}, never an
 * exponent). Two specs that mean the same JSON have the same canonical text and so the same digest.
 *
 * <pre>{@code
 * JsonNode spec = CanonicalJson.canonicalize(mapper.readTree("{\"b\": 1.0, \"a\": \"x\"}"));
 * CanonicalJson.write(spec);  // {"a":"x","b":1}
 * CanonicalJson.digest(spec); // sha256:5f3c...
 * }</pre>
 */
public final class CanonicalJson {

	private static final JsonNodeFactory NODES = JsonNodeFactory.withExactBigDecimals(true);

	/** Reads with exact decimals and writes them plainly, so a number survives a round trip as text. */
	private static final JsonMapper MAPPER = JsonMapper.builder()
		.nodeFactory(NODES)
		.enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
		.enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN)
		.enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
		.disable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
		.build();

	private CanonicalJson() {
	}

	/** A deep copy of {@code node} in canonical form: keys sorted at every level, numbers normalised. */
	public static JsonNode canonicalize(JsonNode node) {
		if (node == null || node.isMissingNode()) {
			return NODES.nullNode();
		}
		if (node.isObject()) {
			List<String> names = new ArrayList<>();
			node.fieldNames().forEachRemaining(names::add);
			names.sort(null);
			ObjectNode sorted = NODES.objectNode();
			for (String name : names) {
				sorted.set(name, canonicalize(node.get(name)));
			}
			return sorted;
		}
		if (node.isArray()) {
			ArrayNode array = NODES.arrayNode(node.size());
			node.forEach(element -> array.add(canonicalize(element)));
			return array;
		}
		if (node.isNumber()) {
			return number(node.decimalValue());
		}
		return node.deepCopy();
	}

	private static JsonNode number(BigDecimal value) {
		BigDecimal stripped = value.signum() == 0 ? BigDecimal.ZERO : value.stripTrailingZeros();
		if (stripped.scale() > 0) {
			return NODES.numberNode(stripped);
		}
		BigInteger integer = stripped.toBigIntegerExact();
		if (integer.bitLength() < 32) {
			return NODES.numberNode(integer.intValue());
		}
		if (integer.bitLength() < 64) {
			return NODES.numberNode(integer.longValue());
		}
		return NODES.numberNode(integer);
	}

	/** The canonical text of {@code node} (canonicalised first). */
	public static String write(JsonNode node) {
		try {
			return MAPPER.writeValueAsString(canonicalize(node));
		}
		catch (JsonProcessingException e) {
			throw new IllegalStateException("A JSON tree always serialises", e);
		}
	}

	/** {@code sha256:<hex>} over the UTF-8 bytes of {@link #write(JsonNode)}. */
	public static String digest(JsonNode node) {
		return digestOfText(write(node));
	}

	/** The digest of text that is already canonical, such as a stored spec. */
	public static String digestOfText(String canonicalText) {
		try {
			byte[] hash = MessageDigest.getInstance("SHA-256").digest(canonicalText.getBytes(StandardCharsets.UTF_8));
			return "sha256:" + HexFormat.of().formatHex(hash);
		}
		catch (NoSuchAlgorithmException e) {
			throw new IllegalStateException("Every Java runtime provides SHA-256", e);
		}
	}

	/** Parses JSON text keeping decimals exact; used for stored specs. */
	public static JsonNode read(String json) {
		try {
			return MAPPER.readTree(json);
		}
		catch (IOException e) {
			throw new UncheckedIOException("Stored JSON is not readable", e);
		}
	}

	/** The mapper behind this class, for writers that must keep the same number rendering. */
	static JsonMapper mapper() {
		return MAPPER;
	}

}
