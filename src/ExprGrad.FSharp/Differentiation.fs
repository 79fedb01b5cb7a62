namespace ExprGrad.FSharp

open System
open Microsoft.FSharp.Quotations
open Microsoft.FSharp.Reflection
open ExprGrad

/// DiffSharp 1.0's derivative operations over quotations, with its names and argument order: the function
/// first, then the point, then the direction where there is one (`diffn` takes the order before the function,
/// as DiffSharp's does). Each function takes the quotation and returns a compiled function of the point, so
/// `let d = hessian <@ … @>` builds the program once. The point is a float, a float[], a float[,] or a tuple of
/// up to 8 of them; directions, products and the rows and columns of matrices run over its elements flattened
/// in order (a float is one element, an array its elements, a matrix its elements row-major). The quotation
/// may hold everything `grad` accepts: loops, mutables, [&lt;ReflectedDefinition&gt;] functions. Inside a
/// quotation, every operation but `gradcheck` may be applied to a nested quotation (the vector ones to a function
/// of one float[]): the inner derivative holds the outer variables constant (no perturbation confusion).
[<AutoOpen>]
module Differentiation =

    let private nth (order: int) (f: Expr<float -> float>) : float -> float =
        let lambda, _ = CoreEntryPoints.translate f typeof<float>
        let derivative = FSharpErrors.guard (fun () -> Grad.NthDerivative(lambda :?> Linq.Expressions.Expression<Func<float, float>>, order))
        derivative.Invoke

    /// <summary>The derivative f′(x) of a float function, exactly (forward mode).</summary>
    /// <param name="f">The function <c>&lt;@ fun x -&gt; … @&gt;</c>.</param>
    /// <returns>A function from x to f′(x); compiled once, thread-safe.</returns>
    /// <example><code>diff &lt;@ fun x -&gt; x * diff &lt;@ fun y -&gt; x * y @&gt; 3.0 @&gt; 2.0 = 4.0</code></example>
    let diff (f: Expr<float -> float>) : float -> float = nth 1 f

    /// <summary>The second derivative f″(x) of a float function.</summary>
    /// <param name="f">The function <c>&lt;@ fun x -&gt; … @&gt;</c>.</param>
    /// <returns>A function from x to f″(x).</returns>
    let diff2 (f: Expr<float -> float>) : float -> float = nth 2 f

    /// <summary>The n-th derivative f⁽ⁿ⁾(x) of a float function, n from 0 to <see cref="P:ExprGrad.Grad.MaxDerivativeOrder"/>.</summary>
    /// <param name="n">The order.</param>
    /// <param name="f">The function <c>&lt;@ fun x -&gt; … @&gt;</c>.</param>
    /// <returns>A function from x to f⁽ⁿ⁾(x).</returns>
    /// <exception cref="T:System.ArgumentOutOfRangeException">n is negative or above the largest order.</exception>
    let diffn (n: int) (f: Expr<float -> float>) : float -> float = nth n f

    /// <summary>The directional derivative ∇f(x)·v of a scalar function, in one forward pass.</summary>
    /// <param name="f">The function; its input is float, float[], float[,] or a tuple of them.</param>
    /// <returns>A function from the point x and the flat direction v to ∇f(x)·v.</returns>
    let gradv (f: Expr<'T -> float>) : 'T -> float[] -> float =
        let lambda, types = CoreEntryPoints.translate f typeof<'T>
        let product = CoreEntryPoints.call "JacobianVectorProduct" (Array.append types [| typeof<float> |]) lambda
        let along = CoreEntryPoints.atPointAlong<'T, float[]> product types.Length
        fun x v -> (along x v)[0]

    /// <summary>The Hessian of a scalar function (forward over reverse).</summary>
    /// <param name="f">The function; its input is float, float[], float[,] or a tuple of them.</param>
    /// <returns>A function from the point to the N×N matrix of second derivatives, N its number of elements.</returns>
    let hessian (f: Expr<'T -> float>) : 'T -> float[,] =
        let lambda, types = CoreEntryPoints.translate f typeof<'T>
        CoreEntryPoints.atPoint<'T, float[,]> (CoreEntryPoints.call "Hessian" types lambda) types.Length

    /// <summary>The Hessian-vector product H(x)·v, without forming H.</summary>
    /// <param name="f">The function; its input is float, float[], float[,] or a tuple of them.</param>
    /// <returns>A function from the point x and the flat direction v to H(x)·v.</returns>
    let hessianv (f: Expr<'T -> float>) : 'T -> float[] -> float[] =
        let lambda, types = CoreEntryPoints.translate f typeof<'T>
        CoreEntryPoints.atPointAlong<'T, float[]> (CoreEntryPoints.call "HessianVectorProduct" types lambda) types.Length

    /// <summary>The gradient and the Hessian of a scalar function.</summary>
    /// <param name="f">The function; its input is float, float[], float[,] or a tuple of them.</param>
    /// <returns>A function from the point to (gradient, of the input's type; Hessian).</returns>
    let gradhessian (f: Expr<'T -> float>) : 'T -> 'T * float[,] =
        let g = grad f
        let h = hessian f
        fun x -> g x, h x

    /// <summary>The Laplacian Σᵢ ∂²f/∂xᵢ² of a scalar function, the trace of its Hessian.</summary>
    /// <param name="f">The function; its input is float, float[], float[,] or a tuple of them.</param>
    /// <returns>A function from the point to the Laplacian there.</returns>
    let laplacian (f: Expr<'T -> float>) : 'T -> float =
        let h = hessian f
        fun x ->
            let m = h x
            Seq.sum (seq { for i in 0 .. Array2D.length1 m - 1 -> m[i, i] })

    let private vectorFunction (f: Expr<'T -> 'R>) =
        let lambda, types = CoreEntryPoints.translate f typeof<'T>
        CoreEntryPoints.requireResult lambda [ typeof<float>; typeof<float[]>; typeof<float[,]> ] "float, float[] or float[,]"
        lambda, types, Array.append types [| lambda.ReturnType |]

    /// <summary>The Jacobian: rows are the outputs (a matrix result flattened row-major), columns the input's
    /// elements. Forward mode when there are no more inputs than outputs, reverse mode otherwise.</summary>
    /// <param name="f">The function; its input is float, float[], float[,] or a tuple of them, its result float, float[] or float[,].</param>
    /// <returns>A function from the point to the M×N Jacobian.</returns>
    let jacobian (f: Expr<'T -> 'R>) : 'T -> float[,] =
        let lambda, types, typeArguments = vectorFunction f
        CoreEntryPoints.atPoint<'T, float[,]> (CoreEntryPoints.call "Jacobian" typeArguments lambda) types.Length

    /// <summary>The Jacobian-vector product J(x)·v (forward mode), without forming J.</summary>
    /// <param name="f">The function; its input is float, float[], float[,] or a tuple of them, its result float, float[] or float[,].</param>
    /// <returns>A function from the point x and the flat direction v (one element per input element) to J(x)·v.</returns>
    let jacobianv (f: Expr<'T -> 'R>) : 'T -> float[] -> float[] =
        let lambda, types, typeArguments = vectorFunction f
        CoreEntryPoints.atPointAlong<'T, float[]> (CoreEntryPoints.call "JacobianVectorProduct" typeArguments lambda) types.Length

    /// <summary>The transposed Jacobian-vector product J(x)ᵀ·v (reverse mode), without forming J.</summary>
    /// <param name="f">The function; its input is float, float[], float[,] or a tuple of them, its result float, float[] or float[,].</param>
    /// <returns>A function from the point x and the flat vector v (one element per output element) to J(x)ᵀ·v.</returns>
    let jacobianTv (f: Expr<'T -> 'R>) : 'T -> float[] -> float[] =
        let lambda, types, typeArguments = vectorFunction f
        CoreEntryPoints.atPointAlong<'T, float[]> (CoreEntryPoints.call "VectorJacobianProduct" typeArguments lambda) types.Length

    let private squareJacobian (name: string) (size: int option) (f: Expr<'T -> 'R>) : 'T -> float[,] =
        let j = jacobian f
        fun x ->
            let m = j x
            let rows, columns = Array2D.length1 m, Array2D.length2 m
            if rows <> columns || (size.IsSome && rows <> size.Value) then
                let required = match size with Some n -> $"{n}×{n}" | None -> "square"
                raise (ArgumentException($"{name} needs a {required} Jacobian; the function's is {rows}×{columns}.", "f"))
            m

    /// <summary>The curl ∇×f of a field f: ℝ³ → ℝ³, from its Jacobian J: (J₂₁ − J₁₂, J₀₂ − J₂₀, J₁₀ − J₀₁).</summary>
    /// <param name="f">The field; three input elements and three outputs.</param>
    /// <returns>A function from the point to the curl there.</returns>
    /// <exception cref="T:System.ArgumentException">The Jacobian is not 3×3 (raised when called).</exception>
    let curl (f: Expr<'T -> 'R>) : 'T -> float[] =
        let j = squareJacobian "curl" (Some 3) f
        fun x ->
            let m = j x
            [| m[2, 1] - m[1, 2]; m[0, 2] - m[2, 0]; m[1, 0] - m[0, 1] |]

    /// <summary>The divergence ∇·f of a field, the trace of its Jacobian (DiffSharp's <c>divergence</c>).</summary>
    /// <param name="f">The field; as many outputs as input elements.</param>
    /// <returns>A function from the point to the divergence there.</returns>
    /// <exception cref="T:System.ArgumentException">The Jacobian is not square (raised when called).</exception>
    let div (f: Expr<'T -> 'R>) : 'T -> float =
        let j = squareJacobian "div" None f
        fun x ->
            let m = j x
            Seq.sum (seq { for i in 0 .. Array2D.length1 m - 1 -> m[i, i] })

    /// <summary>Checks the gradient of a scalar function at a point against central differences, coordinate by
    /// coordinate and along random directions, and checks that the core's entry points agree (GradientCheck.Run).</summary>
    /// <param name="f">The function; its input is float, float[], float[,] or a tuple of them.</param>
    /// <returns>A function from the point to the report; <c>report.Passed</c> is the verdict, <c>string report</c> a table.</returns>
    let gradcheck (f: Expr<'T -> float>) : 'T -> GradientCheckReport =
        let lambda, types = CoreEntryPoints.translate f typeof<'T>
        fun x ->
            let point = if types.Length = 1 && not (FSharpType.IsTuple typeof<'T>) then [| box x |] else FSharpValue.GetTupleFields(box x)
            let point = point |> Array.map (function :? (float list) as l -> box (Array.ofList l) | other -> other)
            FSharpErrors.guard (fun () -> GradientCheck.Run(lambda, point))
