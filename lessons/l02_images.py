"""Lesson 2: images -- listing, metadata, layers, tags, names, pull from the class registry."""

from __future__ import annotations

from lesson_cells import Lesson, code, exercise, fails, md, setup, solution

CELLS = [
    md("""
        An **image** is a template for containers: a read-only file system (the OS files, the
        application, its libraries) plus **metadata** saying how to run it (the command `Cmd`,
        the environment `Env`...). Once built, an image never changes; you make new ones.
        """, """
        **이미지**는 컨테이너를 만들기 위한 템플릿입니다. 읽기 전용 파일 시스템(운영 체제 파일,
        애플리케이션, 라이브러리)과 실행 방법을 적은 **메타데이터**(실행할 명령 `Cmd`,
        환경 변수 `Env` 등)로 이루어집니다. 한 번 만들어진 이미지는 바뀌지 않으며,
        바꾸고 싶으면 새 이미지를 만듭니다.
        """),
    *setup(2, registry=True),
    md("""
        ## Listing images

        `images` (or `image ls`) lists the images stored on the engine's host. Give a repository
        name to see only its images. The `image_id` identifies the image itself; it is not a
        container ID: images and containers are managed separately.
        """, """
        ## 이미지 목록

        `images`(또는 `image ls`)는 도커 엔진이 동작하는 호스트에 저장된 이미지 목록을
        보여 줍니다. 리포지터리 이름을 주면 그 이미지만 봅니다. `image_id`는 이미지 자체의
        식별자이며 컨테이너 ID와는 별개입니다. 즉, 이미지와 컨테이너는 따로 관리됩니다.
        """),
    code("%docker image ls jupyter-docker/busybox", expect=("jupyter-docker/busybox",)),
    md("""
        ## Metadata: `Cmd` and `Env`

        `image inspect` shows everything the engine knows about an image. Two fields decide how
        a container starts: `Config.Cmd`, the command run when you give none, and `Config.Env`,
        its environment variables. `-f` picks fields with a Go template:
        """, """
        ## 메타데이터: `Cmd`와 `Env`

        `image inspect`는 엔진이 이미지에 대해 아는 모든 것을 보여 줍니다. 컨테이너가 어떻게
        시작할지는 두 항목이 정합니다. `Config.Cmd`는 명령을 주지 않았을 때 실행할 명령이고,
        `Config.Env`는 환경 변수입니다. `-f`에 Go 템플릿을 주면 원하는 항목만 볼 수 있습니다.
        """),
    code("%docker image inspect -f 'Cmd={{json .Config.Cmd}} Env={{json .Config.Env}}' "
         "jupyter-docker/busybox", expect=('Cmd=["/bin/sh"] Env=null',)),
    md("""
        This image declares no environment at all (`null`): it was imported from a bare file
        system. Images built with a Dockerfile usually set some (`ENV`, lesson 4).
        """, """
        이 이미지는 환경 변수를 하나도 선언하지 않습니다(`null`). 맨 파일 시스템에서 가져온
        이미지이기 때문입니다. Dockerfile로 빌드한 이미지는 보통 `ENV`로 환경 변수를
        정합니다 (레슨 4).
        """),
    md("""
        Without `-f` the result is a DataFrame with one row per image and dotted column names, so
        you can select fields like any table:
        """, """
        `-f` 없이 실행하면 이미지마다 한 행, 점으로 이어진 열 이름을 가진 DataFrame이 나오므로
        표처럼 원하는 열을 고를 수 있습니다.
        """),
    code("""
        details = %docker image inspect jupyter-docker/busybox
        details[["Id", "Os", "Architecture", "Size", "Config.Cmd"]]
        """),
    md("""
        ## Layers and `history`

        An image's files are a stack of read-only **layers**. `history` lists the steps that
        built the image (its **history entries**), newest first, with each one's instruction and
        the bytes it added. Only a step that changes files adds a layer; one that changes only
        settings (`CMD`, `ENV`...) adds an entry and no layer (lesson 4 builds images with
        both). Our base image was imported in one piece: one entry,
        """, """
        ## 계층(레이어)과 `history`

        이미지의 파일은 읽기 전용 **계층**(레이어)이 쌓인 것입니다. `history`는 이미지를 만든
        단계(**히스토리 항목**)를 최신 것부터, 각 단계의 명령과 더한 바이트 수와 함께 보여
        줍니다. 파일을 바꾸는 단계만 계층을 더하고, 설정(`CMD`, `ENV` 등)만 바꾸는 단계는 항목만
        더하고 계층은 더하지 않습니다 (레슨 4에서 두 가지 모두 빌드해 봅니다). 베이스 이미지는
        한 번에 가져온(import) 것이라 항목이 하나이고,
        """),
    code("%docker history jupyter-docker/busybox"),
    md("""
        and one layer, as `RootFS.Layers` (the list of the image's layers) says:
        """, """
        `RootFS.Layers`(이미지의 계층 목록)가 보여 주듯 계층도 하나입니다.
        """),
    code("%docker image inspect -f '{{len .RootFS.Layers}} layer' jupyter-docker/busybox",
         expect=("1 layer",)),
    md("""
        ## Names and tags

        A full image name is **`registry/project/image:tag`**:

        - *registry*: the server's address; when omitted, Docker Hub (`docker.io`);
        - *project*: a user or organisation (on Docker Hub, your Docker ID);
        - *image*: the repository's name; *tag*: the version, `latest` when omitted.

        `tag` gives an existing image one more name. It copies nothing: both names point at the
        same `image_id`. A tag points at one image only; tagging another image with the same name
        moves the tag.
        """, """
        ## 이름과 태그

        이미지의 전체 이름은 다음과 같이 구성됩니다: **`레지스트리주소/프로젝트명/이미지명:태그`**

        - *레지스트리 주소*: 생략하면 도커 허브(`docker.io`)입니다.
        - *프로젝트명*: 사용자나 조직 이름입니다 (도커 허브에서는 도커 ID).
        - *이미지명*은 리포지터리 이름, *태그*는 버전이며 생략하면 `latest`입니다.

        `tag`는 기존 이미지에 이름을 하나 더 붙입니다. 아무것도 복사하지 않으며, 두 이름은 같은
        `image_id`를 가리킵니다. 태그 하나는 이미지 하나만 가리킵니다. 같은 이름으로 다른 이미지에
        태그를 붙이면 태그가 그 이미지로 옮겨 갑니다.
        """),
    code("""
        %docker tag jupyter-docker/busybox lesson2-{RUN}/mybox:1.0
        %docker tag jupyter-docker/busybox lesson2-{RUN}/mybox:latest
        %docker images lesson2-{RUN}/mybox
        """, expect=("1.0", "latest")),
    md("""
        `rmi` removes a *name*. While another name still points at the image, only the tag goes
        (`Untagged`); the image is deleted with its last name.
        """, """
        `rmi`는 *이름*을 지웁니다. 다른 이름이 아직 그 이미지를 가리키고 있으면 태그만
        사라지고(`Untagged`), 이미지는 마지막 이름이 지워질 때 삭제됩니다.
        """),
    code("%docker rmi lesson2-{RUN}/mybox:1.0", expect=("Untagged: lesson2-",)),
    md("""
        ## Pulling from the class registry

        `pull` downloads an image from a registry. In class there is no internet: the teacher runs
        a private registry at `127.0.0.1:5000`. Let's play the teacher first and publish an image
        there (lesson 7 explains `login` and `push` in detail). The registry asks for a user name,
        `jdtest`, and a password: the prompt hides what you type; type the password `make lab`
        printed at the end of its output.
        """, """
        ## 수업용 레지스트리에서 pull 하기

        `pull`은 레지스트리에서 이미지를 내려받습니다. 수업 환경에는 인터넷이 없으므로 선생님이
        `127.0.0.1:5000`에서 프라이빗 레지스트리를 운영합니다. 먼저 선생님 역할을 해서 이미지를
        하나 올려 두겠습니다 (`login`과 `push`는 레슨 7에서 자세히 다룹니다). 레지스트리는 사용자
        이름 `jdtest`와 비밀번호를 요구합니다. 비밀번호 입력란은 입력한 글자를 가리니,
        `make lab`이 출력의 마지막에 보여 준 비밀번호를 입력하세요.
        """),
    code("%docker login -u jdtest 127.0.0.1:5000", tags=("password-prompt",),
         expect=("Login Succeeded",)),
    code("""
        %docker tag jupyter-docker/busybox 127.0.0.1:5000/lesson2-{RUN}/busybox:1.0
        %docker push 127.0.0.1:5000/lesson2-{RUN}/busybox:1.0
        """, expect=("1.0: digest: sha256:",)),
    code("%docker rmi 127.0.0.1:5000/lesson2-{RUN}/busybox:1.0", expect=("Untagged",)),
    md("""
        Now, as a student: the image is not on our engine any more. `pull` fetches it by its full
        name, registry address first:
        """, """
        이제 학생 입장입니다. 이미지는 더 이상 우리 엔진에 없습니다. `pull`은 레지스트리 주소로
        시작하는 전체 이름으로 이미지를 가져옵니다.
        """),
    code("%docker pull 127.0.0.1:5000/lesson2-{RUN}/busybox:1.0",
         expect=("127.0.0.1:5000/lesson2-",)),
    code("%docker images 127.0.0.1:5000/lesson2-{RUN}/busybox"),
    md("""
        A name the registry does not have is one clear error:
        """, """
        레지스트리에 없는 이름을 pull 하면 한 줄짜리 오류가 납니다.
        """),
    fails("%docker pull 127.0.0.1:5000/lesson2-{RUN}/nothing-here:1.0"),
    md("""
        ## Searching Docker Hub: `search`

        `search TERM` asks Docker Hub for repositories (the engine does the asking).
        `--filter stars=3` keeps those with at least 3 stars, `--filter is-official=true` the
        official images only, `--limit 5` the first five, and `--no-trunc` shows whole
        descriptions. The answer is a DataFrame with the columns `name`, `description` (cut at
        45 characters without `--no-trunc`), `stars`, `official` and `automated`. In class there
        is no internet, so the engine says in one line that it cannot reach Docker Hub:
        """, """
        ## 도커 허브 검색: `search`

        `search 검색어`는 도커 허브에 리포지터리를 물어봅니다 (묻는 일은 엔진이 합니다).
        `--filter stars=3`은 별이 3개 이상인 것만, `--filter is-official=true`는 공식 이미지만,
        `--limit 5`는 처음 다섯 개만 남기고, `--no-trunc`는 설명을 자르지 않습니다. 결과는
        `name`, `description`(`--no-trunc`가 없으면 45자에서 자름), `stars`, `official`,
        `automated` 열을 가진 DataFrame입니다. 수업 환경에는 인터넷이 없으므로, 엔진이 도커
        허브에 닿을 수 없다고 한 줄로 알려 줍니다.
        """),
    fails("%docker search --filter stars=3 --filter is-official=true --limit 5 --no-trunc busybox"),
    exercise("""
        Give the pulled image a short name, `lesson2-{RUN}/pulled:1.0`, and check with
        `image inspect -f '{{.Id}}'` that it is the very same image as `jupyter-docker/busybox`.
        Then remove your new name.
        """, """
        pull 한 이미지에 `lesson2-{RUN}/pulled:1.0`이라는 짧은 이름을 붙이고,
        `image inspect -f '{{.Id}}'`로 `jupyter-docker/busybox`와 완전히 같은 이미지인지
        확인해 보세요. 그다음 새로 붙인 이름을 지우세요.
        """),
    solution("""
        %docker tag 127.0.0.1:5000/lesson2-{RUN}/busybox:1.0 lesson2-{RUN}/pulled:1.0
        ids = %docker image inspect -f '{{.Id}}' lesson2-{RUN}/pulled:1.0 jupyter-docker/busybox
        print(ids)
        %docker rmi lesson2-{RUN}/pulled:1.0
        """, expect=("Untagged: lesson2-",)),
    exercise("""
        What environment variables does a container from `jupyter-docker/busybox` get? Answer
        with `image inspect`, then check by running `env` in a container (`--rm`).
        """, """
        `jupyter-docker/busybox`로 만든 컨테이너는 어떤 환경 변수를 받을까요? `image inspect`로
        답한 뒤, 컨테이너에서 `env`를 실행해(`--rm`) 확인해 보세요.
        """),
    solution("""
        env = %docker image inspect -f '{{json .Config.Env}}' jupyter-docker/busybox
        print("the image declares:", env)  # null: the engine adds PATH, HOSTNAME and HOME
        %docker run --rm --label {LESSON} jupyter-docker/busybox env
        """, ko="""
        env = %docker image inspect -f '{{json .Config.Env}}' jupyter-docker/busybox
        print("이미지가 선언한 환경 변수:", env)  # null: PATH, HOSTNAME, HOME은 엔진이 넣어 줍니다
        %docker run --rm --label {LESSON} jupyter-docker/busybox env
        """, expect=("PATH=", "HOME=/root")),
    md("""
        ## Clean up

        Remove the names this lesson created and log out of the registry.
        """, """
        ## 정리

        이 레슨에서 만든 이름을 지우고 레지스트리에서 로그아웃합니다.
        """),
    code("""
        %docker rmi lesson2-{RUN}/mybox:latest 127.0.0.1:5000/lesson2-{RUN}/busybox:1.0
        %docker logout 127.0.0.1:5000
        """, expect=("Removing login credentials",)),
]

LESSON = Lesson(2, "images", "Images: metadata, layers, tags and registries",
                "이미지: 메타데이터, 계층, 태그, 레지스트리", CELLS)
