/// Quotations written with `let mutable`, `<-`, `for`, `while` and local arrays: each against central
/// differences and against its pure form (Array.sumBy, Ops.Sum) or a closed form.
module ExprGrad.FSharp.Tests.LoopTests

open Xunit
open FsCheck
open FsCheck.FSharp
open FsCheck.Xunit
open ExprGrad
open ExprGrad.FSharp
open ExprGrad.FSharp.Tests.Support

let private sumOfSquares (x: float[]) =
    let mutable s = 0.0
    for i in 0 .. x.Length - 1 do s <- s + x[i] * x[i]
    s

let private sumOfSquaresLoop =
    grad <@ fun (x: float[]) ->
        let mutable s = 0.0
        for i in 0 .. x.Length - 1 do
            s <- s + x[i] * x[i]
        s @>

[<Property(MaxTest = 100, Replay = "(20260201,1)", Arbitrary = [| typeof<VectorGenerators> |])>]
let ``a for-loop sum of squares matches Array.sumBy and central differences`` (Vector x) =
    let pure' = grad <@ fun (x: float[]) -> Array.sumBy (fun v -> v * v) x @>
    assertClose "pure form" (pure' x) (sumOfSquaresLoop x)
    assertClose "central differences" (numericGradient sumOfSquares x) (sumOfSquaresLoop x)

[<Property(MaxTest = 100, Replay = "(20260202,3)", Arbitrary = [| typeof<VectorGenerators> |])>]
let ``for v in array and for i = a to b match Ops.Sum`` (Vector x) =
    let overElements = grad <@ fun (x: float[]) -> let mutable s = 0.0 in (for v in x do s <- s + sin v * v); s @>
    let toForm = grad <@ fun (x: float[]) -> let mutable s = 0.0 in (for i = 0 to x.Length - 1 do s <- s + sin x[i] * x[i]); s @>
    let pure' = grad <@ fun (x: float[]) -> Ops.Sum(x.Length, fun i -> sin x[i] * x[i]) @>
    assertClose "for v in x" (pure' x) (overElements x)
    assertClose "for i = 0 to n - 1" (pure' x) (toForm x)

/// p(t) = Σ c_k t^k by Horner, from the highest coefficient down (`.. -1 ..` is how a quotation counts down).
let private horner =
    valueAndGrad <@ fun (c: float[], t: float) ->
        let mutable acc = 0.0
        for k in c.Length - 1 .. -1 .. 0 do
            acc <- acc * t + c[k]
        acc @>

[<Property(MaxTest = 100, Replay = "(20260203,5)", Arbitrary = [| typeof<VectorGenerators>; typeof<Generators> |])>]
let ``Horner's rule has the polynomial's derivatives`` (Vector c) (Unit' u) =
    let t = 1.5 * u
    let value, (dc, dt) = horner (c, t)
    let power k = pown t k
    Assert.True(close (Seq.sum (Seq.mapi (fun k ck -> ck * power k) c)) value, $"value {value}")
    assertClose "∂p/∂c_k = t^k" (Array.init c.Length power) dc
    let derivative = Seq.sum (Seq.mapi (fun k ck -> if k = 0 then 0.0 else float k * ck * power (k - 1)) c)
    assertClose "∂p/∂t" [| derivative |] [| dt |]

let private prefixProducts (x: float[]) =
    let y = Array.zeroCreate x.Length
    y[0] <- x[0]
    for i in 1 .. x.Length - 1 do y[i] <- y[i - 1] * x[i]
    let mutable acc = 0.0
    for i in 0 .. x.Length - 1 do acc <- acc + y[i] * float (i + 1)
    acc

[<Property(MaxTest = 100, Replay = "(20260204,7)", Arbitrary = [| typeof<VectorGenerators> |])>]
let ``prefix products written into a local array`` (Vector x) =
    let q =
        <@ fun (x: float[]) ->
            let y = Array.zeroCreate x.Length
            y[0] <- x[0]
            for i in 1 .. x.Length - 1 do
                y[i] <- y[i - 1] * x[i]
            let mutable acc = 0.0
            for i in 0 .. x.Length - 1 do
                acc <- acc + y[i] * float (i + 1)
            acc @>
    let value, g = valueAndGrad q x
    Assert.True(close (prefixProducts x) value, $"value {value}")
    // Σ_i (i+1)·Π_{k≤i} x_k, differentiated in x_j: the products from j on, with x_j left out.
    let expected =
        Array.init x.Length (fun j ->
            Seq.sum (seq { for i in j .. x.Length - 1 -> float (i + 1) * Seq.fold (*) 1.0 (seq { for k in 0 .. i do if k <> j then x[k] }) }))
    assertClose "closed form" expected g
    assertClose "central differences" (numericGradient prefixProducts x) g

let private trips (x0: float) (x1: float) =
    let mutable s, n = x0, 0
    while s < 10.0 do
        s <- s * x1 + 1.0
        n <- n + 1
    n

[<Property(MaxTest = 100, Replay = "(20260205,9)", Arbitrary = [| typeof<Generators> |])>]
let ``a while-loop whose trip count depends on the input`` (Unit' u) (Unit' v) =
    let x0, x1 = 1.0 + u, 2.0 + 0.8 * v
    let g = grad <@ fun (x0, x1) -> let mutable s = x0 in (while s < 10.0 do s <- s * x1 + 1.0); s @>
    // Forward mode by hand over the same iterations: s' = s·x1 + 1.
    let mutable s, ds0, ds1 = x0, 1.0, 0.0
    while s < 10.0 do
        ds1 <- ds1 * x1 + s
        ds0 <- ds0 * x1
        s <- s * x1 + 1.0
    let dx0, dx1 = g (x0, x1)
    assertClose $"trip count {trips x0 x1} at ({x0}, {x1})" [| ds0; ds1 |] [| dx0; dx1 |]
    // Central differences only where a step of h does not change the trip count (the function jumps there).
    let h = 2e-3
    let n = trips x0 x1
    if List.forall (fun (a, b) -> trips a b = n) [ x0 - h, x1; x0 + h, x1; x0, x1 - h; x0, x1 + h ] then
        let f (p: float[]) = let mutable s = p[0] in (while s < 10.0 do s <- s * p[1] + 1.0); s
        assertClose "central differences" (numericGradient f [| x0; x1 |]) [| dx0; dx1 |]

[<Property(MaxTest = 100, Replay = "(20260206,11)", Arbitrary = [| typeof<Generators> |])>]
let ``Newton's square root through a while-loop has the derivative of sqrt`` (Unit' u) =
    let a = 0.5 + 4.0 * abs u
    let g =
        grad <@ fun a ->
            let mutable y = 1.0
            let mutable k = 0
            let mutable converged = false
            while not converged && k < 50 do
                let next = 0.5 * (y + a / y)
                converged <- abs (next - y) < 1e-15
                y <- next
                k <- k + 1
            y @>
    assertClose $"at {a}" [| 0.5 / sqrt a |] [| g a |]

let private nested (x: float[]) =
    let mutable s = 0.0
    for i in 0 .. x.Length - 1 do
        for j in 0 .. i do
            let p = x[i] * x[j]
            if p > 0.0 then s <- s + p else s <- s - 2.0 * p
    s

[<Property(MaxTest = 100, Replay = "(20260207,13)", Arbitrary = [| typeof<VectorGenerators> |])>]
let ``nested loops with an if inside match nested Ops.Sum`` (Vector x) =
    let loop =
        grad <@ fun (x: float[]) ->
            let mutable s = 0.0
            for i in 0 .. x.Length - 1 do
                for j in 0 .. i do
                    let p = x[i] * x[j]
                    if p > 0.0 then s <- s + p else s <- s - 2.0 * p
            s @>
    let pure' =
        grad <@ fun (x: float[]) ->
            Ops.Sum(x.Length, fun i -> Ops.Sum(i + 1, fun j -> let p = x[i] * x[j] in if p > 0.0 then p else -2.0 * p)) @>
    assertClose "pure form" (pure' x) (loop x)
    if x |> Array.forall (fun v -> abs v > 1e-2) then
        assertClose "central differences" (numericGradient nested x) (loop x)

[<Property(MaxTest = 50, Replay = "(20260208,15)", Arbitrary = [| typeof<VectorGenerators> |])>]
let ``a matrix-vector loop over a tuple input`` (Vector v) =
    let m = Array2D.init 2 v.Length (fun i j -> float (i + 1) * v[j] - float j)
    let loop =
        grad <@ fun (m: float[,], v: float[]) ->
            let mutable s = 0.0
            for i in 0 .. Array2D.length1 m - 1 do
                let mutable row = 0.0
                for j in 0 .. Array2D.length2 m - 1 do
                    row <- row + m[i, j] * v[j]
                s <- s + tanh row
            s @>
    let pure' = grad <@ fun (m: float[,], v: float[]) -> Ops.Sum(Array2D.length1 m, fun i -> tanh (Ops.Sum(v.Length, fun j -> m[i, j] * v[j]))) @>
    let dm, dv = loop (m, v)
    let em, ev = pure' (m, v)
    let flat (a: float[,]) = Array.init a.Length (fun k -> a[k / v.Length, k % v.Length])
    assertClose "∂m" (flat em) (flat dm)
    assertClose "∂v" ev dv

[<Fact>]
let ``writes into a local matrix, then reads of it`` () =
    let g =
        grad <@ fun (x: float[]) ->
            let m = Array2D.zeroCreate 2 2
            for i in 0 .. 1 do
                for j in 0 .. 1 do
                    m[i, j] <- x[i] * x[j]
            m[0, 1] * m[1, 1] + m[0, 0] @>
    // x0·x1·x1² + x0² = x0·x1³ + x0².
    Assert.Equal<float[]>([| 8.0 + 6.0; 3.0 * 3.0 * 4.0 |], g [| 3.0; 2.0 |])

[<Fact>]
let ``a loop inside a let value and inside an operator argument`` () =
    let g =
        grad <@ fun (x: float) ->
            let cube = (let mutable p = 1.0 in (for _ in 1 .. 3 do p <- p * x); p)
            cube + sin (let mutable s = x in s <- 2.0 * s; s) @>
    Assert.Equal(3.0 * 4.0 + 2.0 * cos 4.0, g 2.0, 12)

[<Fact>]
let ``an if computing a value from assignments`` () =
    let g = grad <@ fun x -> let r = (if x > 0.0 then (let mutable s = x in s <- s * s; s) else -x) in 3.0 * r @>
    Assert.Equal((12.0, -3.0), (g 2.0, g -2.0))

[<Fact>]
let ``lets, inner functions, tuples and Ops inside a loop body`` () =
    let g =
        grad <@ fun (x: float[]) ->
            let sq t = t * t
            let (a, b) = (x[0], 2.0)
            let mutable s = 0.0
            for v in x do
                let w = Ops.Sigmoid(a * v)
                s <- s + sq w * b
            s @>
    let f (x: float[]) = x |> Array.sumBy (fun v -> let w = Ops.Sigmoid(x[0] * v) in 2.0 * w * w)
    let x = [| 0.3; -1.2; 0.8 |]
    assertClose "central differences" (numericGradient f x) (g x)

let mutable data = [| 1.0; 2.0; 3.0 |]

[<Fact>]
let ``a module-level array read in a loop is read at call time`` () =
    let g = grad <@ fun (w: float) -> let mutable s = 0.0 in (for d in data do s <- s + (w * d - 1.0) ** 2.0); s @>
    let before = g 0.0
    data <- [| 2.0 |]
    let after = g 0.0
    data <- [| 1.0; 2.0; 3.0 |]
    Assert.Equal((-12.0, -4.0), (before, after))

[<ReflectedDefinition>]
let dotLoop (a: float[]) (b: float[]) =
    let mutable s = 0.0
    for i in 0 .. a.Length - 1 do
        s <- s + a[i] * b[i]
    s

[<Property(MaxTest = 50, Replay = "(20260209,17)", Arbitrary = [| typeof<VectorGenerators> |])>]
let ``a reflected-definition helper written with a loop is inlined`` (Vector x) =
    let g = grad <@ fun (x: float[]) -> dotLoop x x + Ops.Dot(x, x) @>
    assertClose "4x" (Array.map (fun v -> 4.0 * v) x) (g x)

[<Property(MaxTest = 50, Replay = "(20260210,19)", Arbitrary = [| typeof<VectorGenerators> |])>]
let ``a mutable array reassigned by whole-array operations`` (Vector x) =
    let loop = grad <@ fun (x: float[]) -> let mutable a = x in (for _ in 1 .. 3 do a <- Ops.Tanh a); Ops.Sum a @>
    let pure' = grad <@ fun (x: float[]) -> Ops.Sum(Ops.Tanh(Ops.Tanh(Ops.Tanh x))) @>
    assertClose "pure form" (pure' x) (loop x)

[<Fact>]
let ``for over an int array of indices`` () =
    let g = grad <@ fun (x: float[]) -> let mutable s = 0.0 in (for k in [| 0; 2; 2 |] do s <- s + x[k] * x[k]); s @>
    Assert.Equal<float[]>([| 2.0; 0.0; 12.0 |], g [| 1.0; 5.0; 3.0 |])

[<Fact>]
let ``a local function written with a loop is inlined at each call`` () =
    let g =
        grad <@ fun (x: float[]) ->
            let power (b: float) (n: int) =
                let mutable p = 1.0
                for _ in 1 .. n do p <- p * b
                p
            let mutable s = 0.0
            for v in x do
                s <- s + power v 3
            s + power (power x[0] 2) 2 @>
    // Σ v³ + x0⁴: 3v² everywhere, plus 4·x0³ at 0.
    Assert.Equal<float[]>([| 3.0 * 4.0 + 4.0 * 8.0; 3.0 * 9.0 |], g [| 2.0; 3.0 |])

/// Every k-th element from the end, halving the sum at each step: the step is known only at the call.
let private strided (x: float[]) (k: int) =
    let mutable s = 0.0
    for i in x.Length - 1 .. -k .. 0 do
        s <- s * 0.5 + x[i] * x[i]
    s

let private stridedGradient =
    grad <@ fun (x: float[], k: float) ->
        let mutable s = 0.0
        for i in x.Length - 1 .. -(int k) .. 0 do
            s <- s * 0.5 + x[i] * x[i]
        s @>

[<Property(MaxTest = 100, Replay = "(20261128,15)", Arbitrary = [| typeof<VectorGenerators> |])>]
let ``a range step computed from the input, counting up or down`` (Vector x) (step: int) =
    let k = 1 + abs (step % 3)
    let dx, dk = stridedGradient (x, float k)
    assertClose $"step -{k} at %A{x}" (numericGradient (fun p -> strided p k) x) dx
    Assert.Equal(0.0, dk)
    let up = grad <@ fun (x: float[], k: float) -> let mutable s = 0.0 in (for i in 0 .. int k .. x.Length - 1 do s <- s + sin x[i]); s @>
    // Σ sin x_i over i = 0, k, 2k…: cos x_i there, 0 elsewhere.
    assertClose $"step {k}" (Array.init x.Length (fun i -> if i % k = 0 then cos x[i] else 0.0)) (fst (up (x, float k)))

[<Fact>]
let ``a range step of zero throws as F# does`` () =
    let ex = Assert.Throws<System.ArgumentException>(fun () -> stridedGradient ([| 1.0 |], 0.0) |> ignore)
    Assert.Contains("step", ex.Message)
