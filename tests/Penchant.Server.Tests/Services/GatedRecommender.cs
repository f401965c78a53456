using Penchant.Core.Data;
using Penchant.Core.Recommenders;
using Penchant.Core.Recommenders.ItemKnn;

namespace Penchant.Server.Tests.Services;

/// <summary>Item-kNN, registered as "itemknn", whose fitting waits until the gate opens: only a saved snapshot can serve before.</summary>
internal sealed class GatedRecommender(Task gate) : IRecommender
{
    public string Name => "itemknn";

    public IRecommenderModel Fit(InteractionData data, TrainingContext context)
    {
        gate.Wait(context.Cancellation);
        return new ItemKnnRecommender().Fit(data, context);
    }
}
