package dev.trellis.activities.tools;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;

/**
 * Decides which URLs a model-driven HTTP call may reach. Two checks, both on every URL including
 * each redirect target:
 * <ol>
 * <li>the host is on the allowlist ({@code api.example.com}, {@code *.example.com}, or {@code *});</li>
 * <li>every address the host resolves to is public: loopback, private (RFC 1918, IPv6 ULA),
 * link-local (which holds cloud metadata at 169.254.169.254), CGNAT, multicast and unspecified
 * addresses are refused unless the host is listed in {@code allowPrivateHosts}.</li>
 * </ol>
 * The HTTP client resolves the name again when it connects; the JVM's DNS cache (30 s by default)
 * makes that the same answer, which is what defeats a rebinding race in practice.
 */
public class SsrfGuard {

	/** Name resolution, replaceable in tests. */
	@FunctionalInterface
	public interface Resolver {

		InetAddress[] resolve(String host) throws UnknownHostException;

	}

	private static final List<String> METADATA_NAMES = List.of("metadata.google.internal", "metadata",
			"instance-data");

	private final List<String> allowedHosts;

	private final List<String> allowPrivateHosts;

	private final Resolver resolver;

	public SsrfGuard(List<String> allowedHosts, List<String> allowPrivateHosts, Resolver resolver) {
		this.allowedHosts = allowedHosts.stream().map(h -> h.trim().toLowerCase(Locale.ROOT)).toList();
		this.allowPrivateHosts = allowPrivateHosts.stream().map(h -> h.trim().toLowerCase(Locale.ROOT)).toList();
		this.resolver = resolver;
	}

	/** Both checks; throws a {@link ToolRefusal} naming the reason. */
	public void check(URI uri) {
		checkHostAllowed(uri);
		checkAddresses(uri);
	}

	/** The allowlist check alone. */
	public void checkHostAllowed(URI uri) {
		String host = host(uri);
		if (allowedHosts.isEmpty()) {
			throw new ToolRefusal("HostNotAllowed", "http_request may not call any host on this worker "
					+ "(trellis.tools.http.allowed-hosts is empty)");
		}
		for (String allowed : allowedHosts) {
			if (allowed.equals("*") || allowed.equals(host)
					|| allowed.startsWith("*.") && host.endsWith(allowed.substring(1))) {
				return;
			}
		}
		throw new ToolRefusal("HostNotAllowed",
				"host '" + host + "' is not on the allowlist of http_request; allowed: " + String.join(", ", allowedHosts));
	}

	/** The address check alone: the host must resolve, and only to public addresses unless exempted. */
	public void checkAddresses(URI uri) {
		String host = host(uri);
		if (allowPrivateHosts.contains(host)) {
			return;
		}
		if (METADATA_NAMES.contains(host)) {
			throw new ToolRefusal("AddressBlocked", "host '" + host + "' is a cloud metadata endpoint");
		}
		InetAddress[] addresses;
		try {
			addresses = resolver.resolve(host);
		}
		catch (UnknownHostException e) {
			throw new ToolRefusal("UnknownHost", "host '" + host + "' does not resolve");
		}
		for (InetAddress a : addresses) {
			if (isInternal(a)) {
				throw new ToolRefusal("AddressBlocked", "host '" + host + "' resolves to " + a.getHostAddress()
						+ ", a private, loopback or link-local address; only public addresses may be called");
			}
		}
	}

	static boolean isInternal(InetAddress a) {
		if (a.isLoopbackAddress() || a.isAnyLocalAddress() || a.isLinkLocalAddress() || a.isSiteLocalAddress()
				|| a.isMulticastAddress()) {
			return true;
		}
		byte[] b = a.getAddress();
		if (a instanceof Inet4Address) {
			int first = b[0] & 0xff;
			int second = b[1] & 0xff;
			return first == 0 // "this network"
					|| first == 100 && second >= 64 && second <= 127 // carrier-grade NAT
					|| first == 192 && second == 0 && (b[2] & 0xff) == 0 // IETF protocol assignments
					|| first == 198 && (second == 18 || second == 19) // benchmarking
					|| first >= 240; // reserved and broadcast
		}
		if (a instanceof Inet6Address) {
			return (b[0] & 0xfe) == 0xfc // unique local fc00::/7 (holds fd00:ec2::254, AWS metadata)
					|| isIpv4Mapped(b) || (b[0] == 0x20 && b[1] == 0x02); // 6to4 may wrap any IPv4
		}
		return false;
	}

	private static boolean isIpv4Mapped(byte[] b) {
		for (int i = 0; i < 10; i++) {
			if (b[i] != 0) {
				return false;
			}
		}
		return (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff;
	}

	private static String host(URI uri) {
		String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
		if (!scheme.equals("http") && !scheme.equals("https")) {
			throw new ToolRefusal("InvalidUrl", "only http and https URLs may be called, not '" + uri + "'");
		}
		String host = uri.getHost();
		if (host == null || host.isBlank()) {
			throw new ToolRefusal("InvalidUrl", "URL '" + uri + "' has no host");
		}
		host = host.toLowerCase(Locale.ROOT);
		return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
	}

}
