package dev.trellis.registry;

import org.junit.jupiter.api.Test;

import static dev.trellis.registry.Specs.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

class JsonDiffTest {

	@Test
	void equalTreesHaveNoChanges() {
		assertThat(JsonDiff.diff("spec", json("{'a':[1,{'b':2}]}"), json("{'a':[1,{'b':2}]}"))).isEmpty();
	}

	@Test
	void objectsAreComparedKeyByKey() {
		assertThat(JsonDiff.diff("spec", json("{'a':1,'b':{'c':1,'d':2}}"), json("{'b':{'c':2},'e':true}")))
			.extracting(Change::path, Change::op)
			.containsExactly(tuple("spec.a", "remove"), tuple("spec.b.c", "replace"), tuple("spec.b.d", "remove"),
					tuple("spec.e", "add"));
	}

	@Test
	void arraysAreComparedByIndex() {
		assertThat(JsonDiff.diff("spec", json("{'tools':[{'name':'a','version':1},{'name':'b','version':1}]}"),
				json("{'tools':[{'name':'a','version':2}]}")))
			.extracting(Change::path, Change::op, c -> c.from() == null ? null : c.from().toString(),
					c -> c.to() == null ? null : c.to().toString())
			.containsExactly(tuple("spec.tools[0].version", "replace", "1", "2"),
					tuple("spec.tools[1]", "remove", "{\"name\":\"b\",\"version\":1}", null));
	}

	@Test
	void aChangedTypeIsOneReplace() {
		assertThat(JsonDiff.diff("spec", json("{'implementation':'builtin:x'}"),
				json("{'implementation':{'http':{'url':'https://x'}}}")))
			.extracting(Change::path, Change::op)
			.containsExactly(tuple("spec.implementation", "replace"));
	}

}
