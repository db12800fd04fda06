package dev.trellis.registry;

import java.util.Locale;

/**
 * How a bundle is written: JSON (the default) or YAML, both with the same content and ordering.
 */
public enum BundleFormat {

	JSON("application/json"), YAML("application/yaml");

	private final String mediaType;

	BundleFormat(String mediaType) {
		this.mediaType = mediaType;
	}

	/** The content type to answer with. */
	public String mediaType() {
		return mediaType;
	}

	/**
	 * The format a media type or {@code ?format=} value names: anything mentioning {@code yaml} or
	 * {@code yml} is YAML, everything else JSON.
	 */
	public static BundleFormat of(String value) {
		String v = value == null ? "" : value.toLowerCase(Locale.ROOT);
		return v.contains("yaml") || v.contains("yml") ? YAML : JSON;
	}

}
