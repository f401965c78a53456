using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Penchant.Server.Options;

namespace Penchant.Server.Services;

/// <summary>
/// Applies <see cref="PenchantServerOptions.MaxRequestBodyBytes"/>: a declared length above it is refused with
/// 413 problem details before the body is read; the server enforces it on undeclared (chunked) bodies too.
/// </summary>
public sealed class RequestSizeLimitMiddleware(RequestDelegate next, IOptions<PenchantServerOptions> options, IProblemDetailsService problems)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var limit = options.Value.MaxRequestBodyBytes;
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } feature)
        {
            feature.MaxRequestBodySize = limit;
        }

        if (context.Request.ContentLength > limit)
        {
            context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
            await problems.WriteAsync(new ProblemDetailsContext
            {
                HttpContext = context,
                ProblemDetails = new ProblemDetails
                {
                    Status = StatusCodes.Status413PayloadTooLarge,
                    Title = "Request body too large",
                    Detail = $"The body is {context.Request.ContentLength} bytes; the limit is {limit}.",
                },
            });
            return;
        }

        await next(context);
    }
}
