package dev.trellis.activities.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class CalculatorToolTest {

	private final CalculatorTool calculator = new CalculatorTool();

	@Test
	void evaluatesWithPrecedenceAndReturnsIntegersAsIntegers() throws Exception {
		assertThat(calculator.run(new ObjectMapper().readTree("{\"expression\": \"2+3*4\"}"), Duration.ofSeconds(1)).toString())
			.isEqualTo("14");
		assertThat(CalculatorTool.evaluate("(2+3)*4")).isEqualTo(20);
		assertThat(CalculatorTool.evaluate("2^3^2")).isEqualTo(512);
		assertThat(CalculatorTool.evaluate("-2^2")).isEqualTo(-4);
		assertThat(CalculatorTool.evaluate("10 % 4 + 7/2")).isEqualTo(5.5);
		assertThat(CalculatorTool.evaluate("sqrt(16) + max(1, 5, 3) + round(2.5)")).isEqualTo(12);
		assertThat(CalculatorTool.evaluate("2 * pi")).isCloseTo(6.283185, within(1e-6));
		assertThat(CalculatorTool.evaluate("1.5e3 + 1")).isEqualTo(1501);
	}

	@Test
	void refusesAnythingThatIsNotArithmetic() {
		assertThatThrownBy(() -> CalculatorTool.evaluate("java.lang.Runtime.getRuntime().exec('rm')"))
			.isInstanceOf(ToolRefusal.class);
		assertThatThrownBy(() -> CalculatorTool.evaluate("1/0")).hasMessageContaining("division by zero");
		assertThatThrownBy(() -> CalculatorTool.evaluate("2 +")).hasMessageContaining("unexpected end");
		assertThatThrownBy(() -> CalculatorTool.evaluate("foo(1)")).hasMessageContaining("unknown function");
		assertThatThrownBy(() -> CalculatorTool.evaluate("(".repeat(200) + "1" + ")".repeat(200)))
			.hasMessageContaining("nested too deeply");
		assertThatThrownBy(() -> CalculatorTool.evaluate("1".repeat(2000))).hasMessageContaining("longer than");
		assertThatThrownBy(() -> CalculatorTool.evaluate("10^400")).hasMessageContaining("not a finite number");
	}

}
