package nl.bij.delivery;

/**
 * Where one municipality's notices go.
 *
 * @param municipality the 4-digit code
 * @param channel      XML or MAIL
 * @param target       for XML the Camel endpoint URI (empty: the default drop folder); for MAIL the address
 */
public record Recipient(String municipality, Channel channel, String target) {
}
