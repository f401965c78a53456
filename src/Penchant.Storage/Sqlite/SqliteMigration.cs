namespace Penchant.Storage.Sqlite;

/// <summary>One schema step: applied in its own transaction, recorded in <c>schema_version</c>.</summary>
/// <param name="Version">The version the schema is at after this step; steps run in ascending order.</param>
/// <param name="Description">What the step changes.</param>
/// <param name="Sql">The statements to run.</param>
internal sealed record SqliteMigration(int Version, string Description, string Sql);
