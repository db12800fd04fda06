package dev.trellis.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import org.junit.jupiter.api.Test;

class TemplateTest {

	private final TemplateContext ctx = new TemplateContext(Json.parse("{'topic': 'tides', 'n': 3}"),
			Map.of("research", Json.parse("{'notes': ['low', 'high'], 'meta': {'score': 0.9, 'tags': ['a', 'b']}}"),
					"plain", TextNode.valueOf("just text"), "review", Json.parse("{'approved': true}")),
			Map.of("review", "needs more sources"));

	@Test
	void rendersInputsOutputsAndCommentsAllowingWhitespaceInBraces() {
		Template template = Template.parse("About {{inputs.topic}} ({{ inputs.n }}): {{nodes.plain.output}}; {{\tnodes.review.comment\n}}");

		assertThat(template.render(this.ctx)).isEqualTo("About tides (3): just text; needs more sources");
	}

	@Test
	void followsJsonPathsIntoStructuredOutput() {
		assertThat(Template.parse("{{nodes.research.output.notes[1]}}").render(this.ctx)).isEqualTo("high");
		assertThat(Template.parse("{{nodes.research.output.meta.tags[0]}}").render(this.ctx)).isEqualTo("a");
		assertThat(Template.parse("{{nodes.research.output.notes.0}}").render(this.ctx)).isEqualTo("low");
		assertThat(Template.parse("{{nodes.research.output.meta.score}}").render(this.ctx)).isEqualTo("0.9");
	}

	@Test
	void rendersNonStringValuesAsCompactJson() {
		assertThat(Template.parse("meta={{nodes.research.output.meta}}").render(this.ctx))
			.isEqualTo("meta={\"score\":0.9,\"tags\":[\"a\",\"b\"]}");
		assertThat(Template.parse("{{nodes.review.output.approved}}").render(this.ctx)).isEqualTo("true");
	}

	@Test
	void renderValueReturnsTheStructuredValueForASinglePlaceholder() {
		JsonNode value = Template.parse("{{ nodes.research.output.meta }}").renderValue(this.ctx);

		assertThat(value).isEqualTo(Json.parse("{'score': 0.9, 'tags': ['a', 'b']}"));
		assertThat(Template.parse("{{inputs.n}}").renderValue(this.ctx).isInt()).isTrue();
		assertThat(Template.parse("n={{inputs.n}}").renderValue(this.ctx)).isEqualTo(TextNode.valueOf("n=3"));
		assertThat(Template.parse(" {{inputs.n}}").isSinglePlaceholder()).isFalse();
	}

	@Test
	void renderValueReturnsACopyThatCannotChangeTheOutput() {
		JsonNode value = Template.parse("{{nodes.research.output}}").renderValue(this.ctx);
		((com.fasterxml.jackson.databind.node.ObjectNode) value).put("notes", "changed");

		assertThat(this.ctx.nodeOutputs().get("research").get("notes").isArray()).isTrue();
	}

	@Test
	void missingValuesFailWithTheirReasonAndColumn() {
		assertThatThrownBy(() -> Template.parse("Hi {{inputs.who}}").render(this.ctx)).isInstanceOf(TemplateException.class)
			.hasMessageContaining("{{inputs.who}}")
			.hasMessageContaining("column 4")
			.hasMessageContaining("input 'who' was not supplied");
		assertThatThrownBy(() -> Template.parse("{{nodes.later.output}}").render(this.ctx))
			.hasMessageContaining("node 'later' has no output");
		assertThatThrownBy(() -> Template.parse("{{nodes.research.output.notes[5]}}").render(this.ctx))
			.hasMessageContaining("nodes.research.output.notes has no element [5] (it has 2)");
		assertThatThrownBy(() -> Template.parse("{{nodes.research.output.meta.x}}").renderValue(this.ctx))
			.hasMessageContaining("has no field 'x'");
	}

	@Test
	void aFinishedReviewWithoutCommentRendersAnEmptyComment() {
		TemplateContext silent = new TemplateContext(null, Map.of("review", Json.parse("{}")), null);

		assertThat(Template.parse("[{{nodes.review.comment}}]").render(silent)).isEqualTo("[]");
		assertThatThrownBy(() -> Template.parse("{{nodes.other.comment}}").render(silent))
			.isInstanceOf(TemplateException.class);
	}

	@Test
	void parseErrorsNameTheColumn() {
		assertThatThrownBy(() -> Template.parse("abc {{inputs.x")).isInstanceOfSatisfying(TemplateException.class,
				ex -> {
			assertThat(ex.position()).isEqualTo(4);
			assertThat(ex).hasMessageContaining("unclosed '{{' at column 5");
		});
		assertThatThrownBy(() -> Template.parse("{{  }}")).hasMessageContaining("empty placeholder");
		assertThatThrownBy(() -> Template.parse("{{foo.bar}}")).hasMessageContaining("'inputs.' or 'nodes.'");
		assertThatThrownBy(() -> Template.parse("{{nodes.a}}")).hasMessageContaining("'.output' or '.comment'");
		assertThatThrownBy(() -> Template.parse("{{nodes.a.result}}")).hasMessageContaining("'output' or 'comment'");
		assertThatThrownBy(() -> Template.parse("{{nodes.a.comment.x}}")).hasMessageContaining("nothing after 'comment'");
		assertThatThrownBy(() -> Template.parse("{{inputs.x y}}")).isInstanceOfSatisfying(TemplateException.class,
				ex -> assertThat(ex.position()).isEqualTo(11));
		assertThatThrownBy(() -> Template.parse("{{nodes.a.output[x]}}")).hasMessageContaining("array index");
		assertThatThrownBy(() -> Template.parse(null)).isInstanceOf(TemplateException.class);
	}

	@Test
	void textWithoutPlaceholdersIsLiteral() {
		Template template = Template.parse("no {braces} here }}");

		assertThat(template.isLiteral()).isTrue();
		assertThat(template.render(TemplateContext.empty())).isEqualTo("no {braces} here }}");
	}

	@Test
	void listsDistinctReferencesInOrder() {
		Template template = Template.parse("{{nodes.b.output.x[2]}} {{inputs.q}} {{nodes.b.output.x[2]}} {{nodes.a.comment}}");

		assertThat(template.references()).containsExactly(new TemplateRef("nodes", "b", "output", List.of("x", "2")),
				new TemplateRef("inputs", null, "q", List.of()), new TemplateRef("nodes", "a", "comment", List.of()));
		assertThat(template.references().get(0).expression()).isEqualTo("nodes.b.output.x[2]");
		assertThat(template.references().get(1).inputName()).isEqualTo("q");
	}

	@Test
	void nodeIdsWithDashesAndUnderscoresResolve() {
		TemplateContext dashed = new TemplateContext(null, Map.of("fact-check_2", TextNode.valueOf("ok")), null);

		assertThat(Template.parse("{{nodes.fact-check_2.output}}").render(dashed)).isEqualTo("ok");
	}

	@Test
	void jsonTemplateRendersEveryStringLeafAndKeepsStructure() {
		JsonTemplate args = JsonTemplate.parse(Json.parse("""
				{'url': 'https://cms/{{inputs.topic}}', 'body': '{{nodes.research.output.meta}}',
				 'count': 2, 'flags': [true, null, '{{inputs.n}}'], 'nested': {'note': 'n={{inputs.n}}'}}
				"""));

		assertThat(args.render(this.ctx)).isEqualTo(Json.parse("""
				{'url': 'https://cms/tides', 'body': {'score': 0.9, 'tags': ['a', 'b']},
				 'count': 2, 'flags': [true, null, 3], 'nested': {'note': 'n=3'}}
				"""));
		assertThat(args.references()).extracting(TemplateRef::expression)
			.containsExactly("inputs.topic", "nodes.research.output.meta", "inputs.n");
	}

	@Test
	void jsonTemplateParseErrorsNameTheLeaf() {
		assertThatThrownBy(() -> JsonTemplate.parse(Json.parse("{'a': ['ok', '{{inputs.x'], 'b': '{{bad}}'}")))
			.isInstanceOf(TemplateException.class)
			.hasMessageStartingWith(".a[1]: unclosed");
	}

}
