package dev.trellis.registry;

import org.junit.jupiter.api.Test;

import static dev.trellis.registry.Specs.json;
import static org.assertj.core.api.Assertions.assertThat;

class CanonicalJsonTest {

	@Test
	void keysAreSortedAtEveryLevelWithoutWhitespace() {
		assertThat(CanonicalJson.write(json("{ 'b': {'z': 1, 'a': [ {'y': 1, 'x': 2} ]}, 'a': 'text' }")))
			.isEqualTo("{\"a\":\"text\",\"b\":{\"a\":[{\"x\":2,\"y\":1}],\"z\":1}}");
	}

	@Test
	void numbersThatAreEqualHaveOneForm() {
		assertThat(CanonicalJson.write(json("{'a':1.0,'b':0.20,'c':1e2,'d':0.00015,'e':-0.0,'f':12345678901234}")))
			.isEqualTo("{\"a\":1,\"b\":0.2,\"c\":100,\"d\":0.00015,\"e\":0,\"f\":12345678901234}");
	}

	@Test
	void theDigestIsSha256OfTheCanonicalText() {
		// sha256("{}") is a well-known constant.
		assertThat(CanonicalJson.digest(json("{ }")))
			.isEqualTo("sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a");
		assertThat(CanonicalJson.digest(json("{'a':1,'b':2}"))).isEqualTo(CanonicalJson.digest(json("{'b':2.0,'a':1}")));
		assertThat(CanonicalJson.digest(json("{'a':'1'}"))).isNotEqualTo(CanonicalJson.digest(json("{'a':1}")));
	}

	@Test
	void storedTextReadsBackToTheSameCanonicalText() {
		String text = CanonicalJson.write(json("{'t':0.1,'u':'ünïcödé \\n \\u0000','n':null,'l':[true,false]}"));
		assertThat(CanonicalJson.write(CanonicalJson.read(text))).isEqualTo(text);
	}

}
