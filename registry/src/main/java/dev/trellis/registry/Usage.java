package dev.trellis.registry;

import java.util.List;

/**
 * One version that pins another: {@code kind/name@version} references it at {@code path} inside its
 * spec, through the entities listed in {@code via} ({@code kind/name@version} keys, nearest to the
 * user first; empty when the reference is direct).
 */
public record Usage(Kind kind, String name, int version, String path, List<String> via) {

	public Usage {
		via = List.copyOf(via);
	}

}
