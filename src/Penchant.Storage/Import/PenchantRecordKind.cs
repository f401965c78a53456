namespace Penchant.Storage.Import;

/// <summary>What one of Penchant's own import files holds.</summary>
public enum PenchantRecordKind
{
    Items,
    Users,
    Events,
}
