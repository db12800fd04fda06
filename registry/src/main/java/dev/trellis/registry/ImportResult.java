package dev.trellis.registry;

import java.util.List;

/**
 * What an import did, as {@code kind/name@version} keys: versions it created, versions already
 * present with the same digest, and versions it newly marked deprecated. Importing the same bundle a
 * second time yields only {@code unchanged}.
 */
public record ImportResult(List<String> created, List<String> unchanged, List<String> deprecated) {

	public ImportResult {
		created = List.copyOf(created);
		unchanged = List.copyOf(unchanged);
		deprecated = List.copyOf(deprecated);
	}

}
