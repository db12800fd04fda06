package dev.trellis.registry;

import java.util.OptionalInt;

/**
 * What spec validation may ask the registry while resolving references. Backed by the database
 * when publishing, and by the database plus the bundle itself when importing.
 */
public interface ReferenceLookup {

	/** The highest version number of {@code kind/name}, or empty when no version exists. */
	OptionalInt latest(Kind kind, String name);

	/** Whether {@code kind/name@version} exists. */
	boolean exists(Kind kind, String name, int version);

}
