package dev.trellis.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConditionTest {

	private final ConditionContext ctx = new ConditionContext(new TemplateContext(Json.parse("{'limit': 10, 'mode': 'fast'}"),
			Map.of("score", Json.parse("{'value': 0.8, 'count': 12, 'status': 'done', 'ok': true, 'empty': '',"
					+ " 'tags': ['urgent', 'billing', 3], 'meta': {'lang': 'en'}, 'none': null}")),
			Map.of()), null);

	private boolean eval(String condition) {
		return Condition.parse(condition).evaluate(this.ctx);
	}

	@ParameterizedTest(name = "{0} is {1}")
	@CsvSource(delimiterString = "->", quoteCharacter = '`', textBlock = """
			nodes.score.output.value >= 0.8 -> true
			nodes.score.output.value > 0.8 -> false
			nodes.score.output.count > inputs.limit -> true
			nodes.score.output.count <= 12.0 -> true
			nodes.score.output.count == 12.00 -> true
			nodes.score.output.count != 12 -> false
			-2 < -1.5 -> true
			1e2 == 100 -> true
			nodes.score.output.status == "done" -> true
			nodes.score.output.status == 'done' -> true
			nodes.score.output.status != 'pending' -> true
			'b' > 'a' -> true
			'B' < 'a' -> true
			nodes.score.output.ok -> true
			!nodes.score.output.ok -> false
			nodes.score.output.ok == true -> true
			nodes.score.output.empty -> false
			nodes.score.output.none == null -> true
			nodes.score.output.missing == null -> true
			nodes.score.output.missing -> false
			nodes.score.output.missing > 1 -> false
			nodes.later.output.x == null -> true
			'5' == 5 -> false
			'5' > 3 -> false
			contains(nodes.score.output.tags, 'urgent') -> true
			contains(nodes.score.output.tags, 3.0) -> true
			contains(nodes.score.output.tags, 'sales') -> false
			contains(nodes.score.output.status, 'on') -> true
			contains(nodes.score.output.meta, 'lang') -> true
			contains(nodes.score.output.count, 1) -> false
			len(nodes.score.output.tags) == 3 -> true
			len(nodes.score.output.status) == 4 -> true
			len(nodes.score.output.meta) == 1 -> true
			len(nodes.score.output.missing) == 0 -> true
			len('héllo') == 5 -> true
			true || false && false -> true
			(true || false) && false -> false
			!(1 > 2) && !false -> true
			{{nodes.score.output.value}} > 0.5 -> true
			{{ inputs.mode }} == 'fast' -> true
			nodes.score.output.tags[0] == 'urgent' -> true
			nodes.score.output.meta == {{nodes.score.output.meta}} -> true
			'it\\'s' == "it's" -> true
			"a\\nb" != 'a' -> true
			""")
	void evaluatesExpressions(String condition, boolean expected) {
		assertThat(eval(condition)).isEqualTo(expected);
	}

	@Test
	void reviewOutcomesCompareWithTheSourceDecision() {
		Condition approved = Condition.parse(" approved ");

		assertThat(approved.isReviewOutcome()).isTrue();
		assertThat(approved.reviewOutcome()).isEqualTo("approved");
		assertThat(approved.evaluate(new ConditionContext(null, "approved"))).isTrue();
		assertThat(approved.evaluate(new ConditionContext(null, "rejected"))).isFalse();
		assertThat(Condition.parse("rejected").evaluate(new ConditionContext(null, "rejected"))).isTrue();
		assertThat(Condition.parse("rejected").evaluate(new ConditionContext(null, null))).isFalse();
	}

	@Test
	void elseIsDecidedByItsSiblingsNotAlone() {
		Condition otherwise = Condition.parse("else");

		assertThat(otherwise.isElse()).isTrue();
		assertThat(Condition.parse("default").isElse()).isTrue();
		assertThat(otherwise.isReviewOutcome()).isFalse();
		assertThatThrownBy(() -> otherwise.evaluate(this.ctx)).isInstanceOf(IllegalStateException.class)
			.hasMessageContaining("takenEdges");
	}

	@Test
	void listsReferencedValues() {
		Condition condition = Condition.parse("nodes.a.output.x > inputs.min && contains(nodes.b.output, 'y') || nodes.a.output.x < 0");

		assertThat(condition.references()).extracting(TemplateRef::expression)
			.containsExactly("nodes.a.output.x", "inputs.min", "nodes.b.output");
		assertThat(condition.isExpression()).isTrue();
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiterString = "->", quoteCharacter = '`', textBlock = """
			nodes.a.output.score > -> column 23
			score > 5 -> unknown name 'score'
			1 = 1 -> expected '=='
			(1 == 1 -> expected ')'
			1 < 2 < 3 -> cannot be chained
			approved && true -> can only be the whole condition
			contains(1) -> takes 2 arguments but got 1
			len(1, 2) -> takes 1 argument but got 2
			'abc -> unterminated string starting at column 1
			nodes.a.result -> 'output' or 'comment'
			nodes -> incomplete path
			1 2 -> expected '&&', '||' or the end of the condition at column 3
			true & false -> expected '&&'
			{{nodes.a.output -> expected '}}'
			# -> unexpected character '#'
			1. -> a digit after the decimal point
			'\\q' -> an escape
			1e99999999999 -> out of range
			""")
	void parseErrorsSayWhatWasExpectedWhere(String condition, String message) {
		assertThatThrownBy(() -> Condition.parse(condition)).isInstanceOf(ConditionException.class)
			.hasMessageContaining(message);
	}

	@Test
	void emptyAndDeeplyNestedConditionsAreRefused() {
		assertThatThrownBy(() -> Condition.parse("  ")).isInstanceOf(ConditionException.class)
			.hasMessageContaining("expected a condition at column 1");
		assertThatThrownBy(() -> Condition.parse("(".repeat(500) + "1" + ")".repeat(500)))
			.isInstanceOf(ConditionException.class)
			.hasMessageContaining("nested more than");
		assertThatThrownBy(() -> Condition.parse("!".repeat(10_000) + "true")).isInstanceOf(ConditionException.class);
		assertThatThrownBy(() -> Condition.parse(null)).isInstanceOf(ConditionException.class);
	}

	@Test
	void positionPointsAtTheProblem() {
		assertThatThrownBy(() -> Condition.parse("true && )")).isInstanceOfSatisfying(ConditionException.class,
				ex -> assertThat(ex.position()).isEqualTo(8));
	}

}
