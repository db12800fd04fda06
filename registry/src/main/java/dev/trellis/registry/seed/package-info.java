/**
 * What Trellis publishes at first start: the built-in tools and the offline demo set, read from
 * {@code registry/seed/*.json} and published through the registry service, so they are validated
 * like anything a user saves.
 */
package dev.trellis.registry.seed;
