package dev.trellis.approvals;

import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ReviewerTest {

	@Test
	void principalsAreTheUsernameAndEachGroupWithItsPrefix() {
		assertThat(new Reviewer("ana", Set.of("legal", "editors"), false).principals()).containsExactly("ana",
				"group:editors", "group:legal");
	}

	@Test
	void groupNameWithoutPrefixDoesNotMatchAUserOfThatName() {
		Reviewer editorsUser = new Reviewer("editors", Set.of(), false);
		assertThat(editorsUser.mayDecide(List.of("group:editors"))).isFalse();
		assertThat(new Reviewer("ana", Set.of("editors"), false).mayDecide(List.of("editors"))).isFalse();
	}

	@Test
	void adminMayDecideEvenWithoutAssignees() {
		assertThat(new Reviewer("root", Set.of(), true).mayDecide(List.of())).isTrue();
		assertThat(new Reviewer("ana", Set.of("editors"), false).mayDecide(List.of())).isFalse();
	}

}
