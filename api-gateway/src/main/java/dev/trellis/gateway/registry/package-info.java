/**
 * The registry's REST API ({@code /api/registry/**}): publish and read versions, diff, deprecate,
 * "where used", "upgrade available", and bundle export/import. Controllers only translate HTTP to the
 * registry services; registry exceptions become problem details in {@link dev.trellis.gateway.registry.RegistryExceptionAdvice}.
 */
package dev.trellis.gateway.registry;
