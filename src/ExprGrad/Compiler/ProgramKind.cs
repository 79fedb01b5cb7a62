namespace ExprGrad;

/// <summary>What the pipeline builds from a function.</summary>
internal enum ProgramKind
{
    /// <summary>(x…) =&gt; ∇f, the gradient alone.</summary>
    Gradient,

    /// <summary>(x…) =&gt; (f, ∇f).</summary>
    ValueAndGradient,

    /// <summary>(x…, buffer…) =&gt; f, each array's gradient written into the caller's buffer; with double
    /// parameters (parameter sets only) =&gt; (f, ∂f/∂x for each double, in order).</summary>
    IntoBuffers,

    /// <summary>(x, ȳ) =&gt; ȳ·J for a vector function.</summary>
    VectorJacobianProduct,

    /// <summary>(x, ȳ, result) =&gt; void: ȳ·J written into the caller's buffer, for a vector function of one array.</summary>
    VectorJacobianProductInto,

    /// <summary>(x…) =&gt; f, the forward tape alone (the input of forward-mode transformations).</summary>
    Forward,

    /// <summary>(x, result) =&gt; 0.0: the forward tape writing the vector function's output into the caller's array
    /// (the input of forward mode for products into buffers).</summary>
    ForwardInto,
}
