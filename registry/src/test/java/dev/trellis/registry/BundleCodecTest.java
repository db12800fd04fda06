package dev.trellis.registry;

import java.nio.charset.StandardCharsets;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import static dev.trellis.registry.Specs.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BundleCodecTest {

	/** Strings YAML could read back as something else if they were written unquoted. */
	private static final List<String> TRICKY = List.of("yes", "no", "on", "off", "true", "null", "~", "", "1", "1.0",
			"0x1F", "1e3", "-", "a: b", "#hash", "- item", "multi\nline\n", "trailing space ", " leading",
			"{{inputs.topic}}", "[1]", "'quoted'", "\"double\"", "tab\there", "ünïcödé", "@at", "`tick`", "%percent",
			"*star", "&anchor", "!tag", "|pipe", ">fold", "2026-01-01", "12:30", ".5", "NaN", ".inf", " lead\nx",
			"x\n\n\n", "a\r\nb", "trailing \nspace", "no final newline\nhere", "\ttab\nfirst");

	private static BundleCodec.Document document(JsonNode spec) {
		return new BundleCodec.Document(BundleCodec.FORMAT, List.of(new BundleCodec.Entity("prompts", "p",
				List.of(new BundleCodec.Version(1, "sha256:x", "desc", "2026-01-01T00:00:00.123456Z", "ana", false, spec)))));
	}

	@Test
	void yamlAndJsonKeepEveryStringAndNumberExactly() {
		ObjectNode spec = JsonNodeFactory.instance.objectNode();
		for (int i = 0; i < TRICKY.size(); i++) {
			spec.put("s" + i, TRICKY.get(i));
		}
		spec.set("numbers", json("[0.00015, 0.2, 1, 12345678901234, -3.5, 0]"));
		JsonNode canonical = CanonicalJson.canonicalize(spec);
		for (BundleFormat format : BundleFormat.values()) {
			byte[] written = BundleCodec.write(document(canonical), format);
			BundleCodec.Document read = BundleCodec.read(written, format);
			assertThat(CanonicalJson.write(read.entities().get(0).versions().get(0).spec()))
				.as(format.name())
				.isEqualTo(CanonicalJson.write(canonical));
			assertThat(BundleCodec.write(read, format)).as(format.name()).isEqualTo(written);
		}
	}

	@Test
	void jsonIsPrettySortedAndEndsWithANewline() {
		String text = new String(BundleCodec.write(document(json("{'template':'hi','variables':[]}")), BundleFormat.JSON),
				StandardCharsets.UTF_8);
		assertThat(text).startsWith("{\n  \"entities\": [\n").endsWith("}\n").contains("\"variables\": []");
		assertThat(text.indexOf("\"createdAt\"")).isLessThan(text.indexOf("\"version\": 1"));
	}

	@Test
	void yamlWritesMultiLineTextAsLiteralBlocksAndNeverFoldsLongLines() {
		String longLine = "word ".repeat(60).strip();
		String text = new String(BundleCodec.write(
				document(json("{'template':'line one\\nline two\\n','long':'" + longLine + "'}")), BundleFormat.YAML),
				StandardCharsets.UTF_8);
		assertThat(text).contains("template: |\n").contains("line one\n").doesNotStartWith("---");
		assertThat(text).contains("long: \"" + longLine + "\"\n");
	}

	@Test
	void unknownFieldsAreRefusedWithTheirPath() {
		byte[] bundle = "{\"format\":\"trellis-registry-bundle/v1\",\"entities\":[{\"kind\":\"models\",\"name\":\"m\",\"versions\":[{\"version\":1,\"spec\":{},\"colour\":\"red\"}]}]}"
			.getBytes(StandardCharsets.UTF_8);
		assertThatThrownBy(() -> BundleCodec.read(bundle, BundleFormat.JSON)).isInstanceOfSatisfying(
				RegistryValidationException.class,
				e -> assertThat(e.problems()).containsExactly(
						new SpecProblem("entities[0].versions[0].colour", "unknown field 'colour'")));
	}

}
