package dev.trellis.testsupport;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * Locates the repository root and the shared fixtures from wherever a test runs (Maven runs each
 * module's tests with that module as working directory).
 */
public final class ProjectPaths {

	private ProjectPaths() {
	}

	/** The repository root: the nearest ancestor holding the {@code trellis} launcher. */
	public static Path repositoryRoot() {
		Path dir = Paths.get("").toAbsolutePath();
		for (Path p = dir; p != null; p = p.getParent()) {
			if (Files.isRegularFile(p.resolve("trellis")) && Files.isRegularFile(p.resolve("pom.xml"))) {
				return p;
			}
		}
		throw new IllegalStateException("Cannot find the Trellis repository root above " + dir);
	}

	/** {@code ../shared} beside the repository, where the product's fixtures live. */
	public static Path sharedFixtures() {
		Path candidate = repositoryRoot().resolveSibling("shared").resolve("fixtures");
		if (!Files.isDirectory(candidate)) {
			throw new IllegalStateException("Shared fixtures not found at " + candidate
					+ ": clone the repository with ../shared beside it");
		}
		return candidate;
	}

	/** A scratch directory under the repository's ignored {@code .trellis/test} folder. */
	public static Path scratch(String name) {
		try {
			return Files.createDirectories(repositoryRoot().resolve(".trellis/test").resolve(name));
		}
		catch (java.io.IOException e) {
			throw new IllegalStateException(e);
		}
	}

}
