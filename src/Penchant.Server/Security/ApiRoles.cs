namespace Penchant.Server.Security;

/// <summary>The two key roles and the authorization policies named after them.</summary>
public static class ApiRoles
{
    /// <summary>Shop backends: ingest and read.</summary>
    public const string Ingest = "ingest";

    /// <summary>Operators: everything, including deletion, training and configuration.</summary>
    public const string Admin = "admin";

    /// <summary>The authentication scheme name.</summary>
    public const string Scheme = "ApiKey";

    public static bool IsKnown(string role) => role is Ingest or Admin;
}
