namespace Penchant.Storage.Postgres;

/// <summary>One schema step of a <see cref="PostgresStore"/>, recorded in <c>schema_version</c> when applied.</summary>
/// <param name="Version">The version the schema is at after this step; steps run in ascending order.</param>
/// <param name="Description">What the step changes.</param>
/// <param name="Sql">The statements to run, with every table qualified by the store's schema.</param>
internal sealed record PostgresMigration(int Version, string Description, string Sql);
