package dev.trellis.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class DurationsTest {

	@ParameterizedTest(name = "{0} is {1}")
	@CsvSource({ "PT72H, PT72H", "pt30s, PT30S", "P1D, PT24H", "P1DT2H, PT26H", "500ms, PT0.5S", "30s, PT30S",
			"5m, PT5M", "72h, PT72H", "1d, PT24H", "1h30m, PT1H30M", "2m30s500ms, PT2M30.5S", "' 10s ', PT10S",
			"0s, PT0S" })
	void parsesIsoAndShortForms(String text, String expected) {
		assertThat(Durations.parse(text)).isEqualTo(Duration.parse(expected));
	}

	@ParameterizedTest(name = "''{0}'' is refused")
	@NullSource
	@ValueSource(strings = { "", "forever", "5", "5x", "s", "-5s", "5 s", "1.5h", "PT-5S", "P", "h5",
			"999999999999999999d", "9999999999999999999s", "１s" })
	void refusesAnythingElse(String text) {
		assertThatThrownBy(() -> Durations.parse(text)).isInstanceOf(IllegalArgumentException.class);
	}

}
